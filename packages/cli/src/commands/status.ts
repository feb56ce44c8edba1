import type { TimelineEntry } from "@medpipe/core/replay";
import { meetingIdArgument, openBackend, opsAction, opsCommand, type TargetOptions } from "../ops/command.js";
import { progressBars } from "../ops/progress.js";

/**
 * One line of a meeting's timeline for people: ids, states and counts.
 *
 * @example
 * timelineLine({ time, kind: "result", table: "transcripts", what: "transcript of job j: 40 turns, 18 entities" });
 */
export function timelineLine(entry: TimelineEntry): string {
  const failedAt = (state: string | null, error: string | null) =>
    state || error ? ` at ${state}: ${error}` : "";
  const what = (() => {
    switch (entry.kind) {
      case "event":
        return `${entry.eventType} ${entry.eventId}${entry.replayName ? ` (replay ${entry.replayName})` : ""}`;
      case "execution":
        return `${entry.workflow} ${entry.execution} ${entry.status}${failedAt(entry.failedState, entry.error)}`;
      case "run":
        return (
          `${entry.workflow} ${entry.idempotencyKey} ${entry.status}${failedAt(entry.step, entry.error)}` +
          ` (attempt ${entry.attempts})`
        );
      case "result":
        return `${entry.table}: ${entry.what}`;
    }
  })();
  return `${entry.time}  ${entry.kind.padEnd(9)}  ${what}`;
}

/**
 * `medpipe status <meetingId> [--json]`: the meeting's events, executions, run-log rows and results in time
 * order. Exits 1 when nothing is known of the meeting.
 */
export const statusCommand = opsCommand("status")
  .description("show a meeting's timeline: events, executions, run log and results")
  .argument("<meetingId>", "the Chime meeting id")
  .option("--json", "print the timeline as one JSON array")
  .action(
    opsAction(async (meetingId: string, options: TargetOptions & { json?: boolean }) => {
      const id = meetingIdArgument("<meetingId>", meetingId);
      const backend = await openBackend(options);
      const reporter = progressBars();
      const timeline = await backend.status(id, reporter).finally(() => reporter.stop());
      if (options.json) process.stdout.write(`${JSON.stringify(timeline)}\n`);
      else if (timeline.length === 0) process.stdout.write(`nothing is known of meeting ${id}\n`);
      else
        process.stdout.write(
          `meeting ${id}\n${timeline.map((entry) => `${timelineLine(entry)}\n`).join("")}`,
        );
      return timeline.length === 0 ? 1 : 0;
    }),
  );
