import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { UNSUCCESSFUL_EXECUTION_STATUSES } from "@medpipe/core/events";
import {
  asReplayed,
  byTime,
  deadLetterFailure,
  executionFailure,
  InvalidOptionError,
  identifyEvent,
  meetingTimeline,
  replayNameAt,
  resolvedEvents,
  selectForReplay,
} from "@medpipe/core/replay";
import { type LegalHoldRequest, placeLegalHold, releaseLegalHold } from "@medpipe/core/retention";
import { createSupabaseSink, sinkClient } from "@medpipe/core/sink";
import { mockClient } from "aws-sdk-client-mock";
import type { LocalRun } from "../local/run.js";
import type { ExecutionRecord } from "../local/step-functions.js";
import type { OpsBackend, RedriveReport } from "./backend.js";
import { localChatFailures, replayLocalChat } from "./local-chat.js";
import { readMeeting } from "./meeting-results.js";
import { RUN_FILES, readRunFiles, writeDeadLetters } from "./run-files.js";

/** A replay name this run has already used: two replays started within the same second. */
export class ReplayExistsError extends Error {
  override name = "ReplayExistsError";

  constructor(readonly replayName: string) {
    super(`replay ${replayName} has already run; start the next replay a second later`);
  }
}

/** The statuses RedriveExecution accepts, which `failures` lists. */
const REDRIVABLE = new Set<string>(UNSUCCESSFUL_EXECUTION_STATUSES);

/**
 * The ops backend of a local run (`--out DIR`): reads `executions.jsonl`, `archive.jsonl` and `dead-letters.jsonl`,
 * replays and redrives by reopening the run (its state machines, stand-ins and embedded Supabase), and reads
 * results from the run's embedded Supabase.
 *
 * @example
 * const backend = localBackend({ out: ".medpipe/demo-consult" });
 * const failures = await backend.failures(new Date((await backend.now()).getTime() - 86_400_000), reporter);
 */
export function localBackend({ out }: { out: string }): OpsBackend {
  return {
    now: () => lastTimeOf(out),

    async failures(since) {
      const run = await readRunFiles(out);
      const executions = latestRecords(run.executions)
        .filter(
          (execution) =>
            REDRIVABLE.has(execution.status) &&
            Date.parse(execution.stopDate ?? execution.startDate) >= since.getTime(),
        )
        .map((execution) =>
          executionFailure({
            ...execution,
            status: execution.status as "FAILED" | "TIMED_OUT" | "ABORTED",
            stopDate: execution.stopDate ?? execution.startDate,
          }),
        );
      const letters = run.deadLetters
        .filter((letter) => Date.parse(letter.sentAt) >= since.getTime())
        .map(deadLetterFailure);
      return byTime([...executions, ...letters, ...(await localChatFailures(out, since))]);
    },

    async replayChat(since, reporter) {
      await readRunFiles(out);
      const { openLocalRun, LOCAL_STAGE } = await import("../local/run.js");
      // Chat needs no transcript: the run is reopened for its stream, consumer and Supabase only.
      const run = await openLocalRun({
        out,
        transcript: () => Buffer.from("{}"),
        start: await lastTimeOf(out),
      });
      try {
        return await replayLocalChat(run, out, LOCAL_STAGE, since, reporter);
      } finally {
        await run.close();
      }
    },

    async replay({ window, meetingId }, reporter) {
      const run = await readRunFiles(out);
      const { LOCAL_BUCKETS } = await import("../local/pipeline.js");
      const events = selectForReplay(
        [
          ...run.archive,
          ...run.deadLetters.map((letter) => ({ archivedAt: letter.sentAt, event: letter.event })),
        ],
        { window, meetingId, recordingsBucket: LOCAL_BUCKETS.recordings },
      );
      const replayName = replayNameAt(await lastTimeOf(out));
      if (run.archive.some(({ event }) => identifyEvent(event).replayName === replayName)) {
        throw new ReplayExistsError(replayName);
      }
      if (events.length === 0) return { replayName, events: 0, executions: 0, failed: 0, running: 0 };
      const executions = await withRun(out, async ({ pipeline }) => {
        reporter.progress("events", 0, events.length);
        for (const [index, event] of events.entries()) {
          pipeline.deliver(asReplayed(event, replayName));
          await pipeline.drain();
          reporter.progress("events", index + 1, events.length);
        }
        return pipeline.executions;
      });
      const resolved = resolvedEvents(executions);
      const kept = run.deadLetters.filter(
        (letter) => !resolved.has(identifyEvent(letter.event).eventId ?? ""),
      );
      if (kept.length !== run.deadLetters.length) await writeDeadLetters(out, kept);
      return {
        replayName,
        events: events.length,
        executions: executions.length,
        failed: executions.filter((e) => e.status !== "SUCCEEDED").length,
        running: 0,
      };
    },

    async redrive(request, reporter) {
      const executions = latestRecords((await readRunFiles(out)).executions);
      let targets: ExecutionRecord[];
      if ("execution" in request) {
        const found = executions.find((e) => e.name === request.execution);
        if (!found)
          throw new InvalidOptionError("<execution>", `${request.execution} is no execution of ${out}`);
        targets = [found];
      } else {
        targets = executions.filter(
          (e) =>
            REDRIVABLE.has(e.status) &&
            Date.parse(e.stopDate ?? e.startDate) >= request.failedSince.getTime(),
        );
      }
      const redrivable = targets.filter((e) => REDRIVABLE.has(e.status));
      const notRedriven = targets
        .filter((e) => !REDRIVABLE.has(e.status))
        .map((e) => ({ execution: e.name, reason: `Execution is ${e.status} and cannot be redriven` }));
      if (redrivable.length === 0) return { mode: "resumed", redriven: [], notRedriven };
      const redriven = await withRun(out, async ({ pipeline }) => {
        const done: RedriveReport["redriven"] = [];
        for (const execution of redrivable) {
          const record = await pipeline.redrive(execution.name);
          done.push({
            execution: execution.name,
            workflow: record.workflow,
            redrivenAs: record.name,
            status: record.status,
          });
          reporter.progress("executions", done.length, redrivable.length);
        }
        return done;
      });
      return { mode: "resumed", redriven, notRedriven };
    },

    async status(meetingId) {
      const run = await readRunFiles(out);
      const ofMeeting = (event: unknown) =>
        identifyEvent(event).meetingId?.toLowerCase() === meetingId.toLowerCase();
      const events = [...run.archive.map((a) => a.event), ...run.deadLetters.map((l) => l.event)].filter(
        ofMeeting,
      );
      const executions = run.executions.filter((e) => ofMeeting(e.input));
      const { runs, results } = await withSupabase(out, (client) => readMeeting(client, meetingId));
      return meetingTimeline({ events, executions, runs, results });
    },

    hold: (meetingId, reason) =>
      withLegalHold(out, (request) => placeLegalHold({ ...request, meetingId, reason })),
    release: (meetingId) => withLegalHold(out, (request) => releaseLegalHold({ ...request, meetingId })),
  };
}

/** Each execution of the run as last recorded (a redrive appends it again), in run order. */
function latestRecords(executions: ExecutionRecord[]): ExecutionRecord[] {
  const latest = new Map<string, ExecutionRecord>();
  for (const execution of executions) latest.set(execution.arn, execution);
  return [...latest.values()];
}

/** Reopens the run (needs the bundle's transcribe output, which `medpipe local` keeps), and closes it after. */
async function withRun<T>(out: string, work: (run: LocalRun) => Promise<T>): Promise<T> {
  const transcribeOutput = await readFile(join(out, RUN_FILES.transcribeOutput)).catch(() => {
    throw new InvalidOptionError(
      "--out",
      `${out} keeps no ${RUN_FILES.transcribeOutput}: run medpipe local again, then replay or redrive`,
    );
  });
  const { openLocalRun } = await import("../local/run.js");
  const { executions } = await readRunFiles(out);
  const run = await openLocalRun({
    out,
    transcript: () => transcribeOutput,
    start: await lastTimeOf(out),
    executions: latestRecords(executions),
  });
  try {
    return await work(run);
  } finally {
    await run.close();
  }
}

/**
 * Where the run's virtual clock stopped, and a reopened run's resumes: the latest time the run recorded (the wall
 * clock for a run that recorded nothing).
 */
async function lastTimeOf(out: string): Promise<Date> {
  const run = await readRunFiles(out);
  const times = [
    ...run.executions.map((e) => Date.parse(e.stopDate ?? e.startDate)),
    ...run.archive.map((a) => Date.parse(a.archivedAt)),
    ...run.deadLetters.map((l) => Date.parse(l.sentAt)),
  ].filter((time) => !Number.isNaN(time));
  return times.length > 0 ? new Date(Math.max(...times)) : new Date();
}

async function withSupabase<T>(
  out: string,
  work: (client: ReturnType<typeof sinkClient>) => Promise<T>,
): Promise<T> {
  const { startEmbeddedSupabase } = await import("@medpipe/core/sink/embedded");
  const supabase = await startEmbeddedSupabase({ dataDir: join(out, RUN_FILES.supabase) });
  try {
    return await work(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
  } finally {
    await supabase.stop();
  }
}

/** The run's sink, its buckets and its S3 stand-in (`<out>/.s3/` keeps every version and its legal hold). */
async function withLegalHold<T>(
  out: string,
  work: (request: Omit<LegalHoldRequest, "meetingId">) => Promise<T>,
): Promise<T> {
  await readRunFiles(out);
  const { installLocalS3, readLocalBuckets } = await import("../local/aws/s3.js");
  const { LOCAL_BUCKETS } = await import("../local/pipeline.js");
  const { LOCAL_REGION } = await import("../local/resources.js");
  const s3 = mockClient(S3Client);
  installLocalS3(s3, { out, buckets: await readLocalBuckets(out) });
  try {
    return await withSupabase(out, (client) =>
      work({
        sink: createSupabaseSink(client),
        buckets: LOCAL_BUCKETS,
        s3: new S3Client({
          region: LOCAL_REGION,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }),
      }),
    );
  } finally {
    s3.restore();
  }
}
