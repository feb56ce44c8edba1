import { readFile } from "node:fs/promises";
import {
  InvalidEventError,
  matchingRule,
  type PipelineEvent,
  parseEvent,
  type WorkflowName,
} from "@medpipe/core/events";
import { Command } from "commander";

/** Exit code for an event (or event file) the pipeline would refuse. */
export const INVALID_EVENT_EXIT_CODE = 2;

/** What `medpipe route` prints: where the event goes and the identifiers an operator looks for (no PHI). */
export interface RouteReport {
  workflow: WorkflowName | null;
  rule: string | null;
  kind: PipelineEvent["kind"];
  eventType: string;
  id: string;
  replay: boolean;
  replayName: string | null;
  idempotencyKey: string;
  occurredAt: string;
  meetingId?: string | null;
  attendeeId?: string;
  mediaPipelineId?: string;
  bucket?: string;
  key?: string;
}

/**
 * The report for one parsed event.
 *
 * @example
 * routeReport(parseEventOrThrow(input), "recordings").workflow; // "attendance"
 */
export function routeReport(event: PipelineEvent, recordingsBucket: string): RouteReport {
  const rule = matchingRule(event, { recordingsBucket });
  return {
    workflow: rule?.workflow ?? null,
    rule: rule?.name ?? null,
    kind: event.kind,
    eventType: event.eventType,
    id: event.id,
    replay: event.replayName !== null,
    replayName: event.replayName,
    idempotencyKey: event.idempotencyKey,
    occurredAt: event.occurredAt,
    ...("meetingId" in event ? { meetingId: event.meetingId } : {}),
    ...("attendeeId" in event ? { attendeeId: event.attendeeId } : {}),
    ...("mediaPipelineId" in event ? { mediaPipelineId: event.mediaPipelineId } : {}),
    ...("bucket" in event ? { bucket: event.bucket, key: event.key } : {}),
  };
}

/**
 * `medpipe route <event.json>`: validates an EventBridge event as the pipeline's handlers do and prints, as one
 * JSON object, the workflow the deployed rules would start (`null` when the pipeline ignores the event).
 * An invalid event or an unreadable file exits with code 2 and one line on stderr naming the problem.
 */
export const routeCommand = new Command("route")
  .description("validate an EventBridge event and print the workflow it would start")
  .argument("<event.json>", "the event as EventBridge delivers it (a replayed one carries replay-name)")
  .option(
    "--recordings-bucket <name>",
    "the recordings bucket the transcription rule listens to (env MEDPIPE_RECORDINGS_BUCKET)",
    process.env.MEDPIPE_RECORDINGS_BUCKET || "recordings",
  )
  .action(async (file: string, options: { recordingsBucket: string }) => {
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
      return fail(`cannot read event file ${file}: ${code}`);
    }
    const result = parseEvent(content);
    if (!result.ok) return fail(new InvalidEventError(result.rejection).message);
    process.stdout.write(`${JSON.stringify(routeReport(result.event, options.recordingsBucket))}\n`);
  });

function fail(line: string): void {
  process.stderr.write(`${line.replace(/\s+/g, " ")}\n`);
  process.exitCode = INVALID_EVENT_EXIT_CODE;
}
