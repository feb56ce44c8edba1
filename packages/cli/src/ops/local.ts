import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import type { WorkflowName } from "@medpipe/core/events";
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
import type { ExecutionRecord } from "../local/step-functions.js";
import type { LocalRun } from "../local/run.js";
import type { OpsBackend } from "./backend.js";
import { readMeeting } from "./meeting-results.js";
import { RUN_FILES, readRunFiles, writeDeadLetters } from "./run-files.js";

/** A replay name this run has already used: two replays started within the same second. */
export class ReplayExistsError extends Error {
  override name = "ReplayExistsError";

  constructor(readonly replayName: string) {
    super(`replay ${replayName} has already run; start the next replay a second later`);
  }
}

/** What a local redrive tells people, beside its JSON: how it differs from RedriveExecution. */
const LOCAL_REDRIVE_NOTE =
  "local mode re-runs a failed execution from its first state under <name>-redrive-<n>: aws-local-stepfunctions " +
  "cannot resume at the failed state as RedriveExecution does; every writer is idempotent, so the results are the same";

const REDRIVE_SUFFIX = /-redrive-\d+$/;

/**
 * The ops backend of a local run (`--out DIR`): reads `executions.jsonl`, `archive.jsonl` and `dead-letters.jsonl`,
 * replays and redrives by reopening the run (its state machines, stand-ins and embedded Supabase), and reads
 * results from the run's embedded Supabase.
 *
 * @example
 * const failures = await localBackend({ out: ".medpipe/demo-consult" }).failures(parseSince("24h", new Date()));
 */
export function localBackend({ out, now = () => new Date() }: { out: string; now?: () => Date }): OpsBackend {
  return {
    async failures(since) {
      const run = await readRunFiles(out);
      const executions = latestAttempts(run.executions)
        .filter(({ latest }) => latest.status === "FAILED" && Date.parse(latest.stopDate ?? latest.startDate) >= since.getTime())
        .map(({ original, latest }) =>
          executionFailure({
            name: original,
            workflow: latest.workflow,
            status: "FAILED",
            stopDate: latest.stopDate ?? latest.startDate,
            failedState: latest.failedState,
            error: latest.error,
            cause: latest.cause,
            input: latest.input,
          }),
        );
      const letters = run.deadLetters
        .filter((letter) => Date.parse(letter.sentAt) >= since.getTime())
        .map(deadLetterFailure);
      return byTime([...executions, ...letters]);
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
      const replayName = replayNameAt(now());
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
      const attempts = latestAttempts((await readRunFiles(out)).executions);
      let targets: Attempt[];
      if ("execution" in request) {
        const found = attempts.find((a) => a.original === request.execution.replace(REDRIVE_SUFFIX, ""));
        if (!found)
          throw new InvalidOptionError("<execution>", `${request.execution} is no execution of ${out}`);
        targets = [found];
      } else {
        targets = attempts.filter(
          (a) =>
            a.latest.status === "FAILED" && Date.parse(a.latest.stopDate ?? a.latest.startDate) >= request.failedSince.getTime(),
        );
      }
      const redrivable = targets.filter((a) => a.latest.status === "FAILED");
      const notRedriven = targets
        .filter((a) => a.latest.status !== "FAILED")
        .map((a) => ({
          execution: a.original,
          reason: `Execution is ${a.latest.status} and cannot be redriven`,
        }));
      if (redrivable.length === 0) return { mode: "restarted", redriven: [], notRedriven };
      reporter.note(LOCAL_REDRIVE_NOTE);
      const redriven = await withRun(out, async ({ pipeline }) => {
        const done: Awaited<ReturnType<OpsBackend["redrive"]>>["redriven"] = [];
        for (const attempt of redrivable) {
          const name = `${attempt.original}-redrive-${attempt.redrives + 1}`;
          const record = await pipeline.startExecution(
            attempt.latest.workflow as WorkflowName,
            attempt.latest.input,
            name,
          );
          await pipeline.drain();
          done.push({
            execution: attempt.original,
            workflow: record.workflow,
            redrivenAs: name,
            status: record.status,
          });
          reporter.progress("executions", done.length, redrivable.length);
        }
        return done;
      });
      return { mode: "restarted", redriven, notRedriven };
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

interface Attempt {
  /** The execution's own name; its redrives are `<original>-redrive-<n>`. */
  original: string;
  /** Its latest run: itself, or its latest redrive, as Step Functions would now describe the execution. */
  latest: ExecutionRecord;
  redrives: number;
}

/** Each execution of the run with its latest attempt, in run order (`executions.jsonl` is appended in order). */
function latestAttempts(executions: ExecutionRecord[]): Attempt[] {
  const attempts = new Map<string, Attempt>();
  for (const execution of executions) {
    const original = execution.name.replace(REDRIVE_SUFFIX, "");
    const attempt = attempts.get(original);
    if (attempt) {
      attempt.latest = execution;
      attempt.redrives++;
    } else {
      attempts.set(original, { original, latest: execution, redrives: 0 });
    }
  }
  return [...attempts.values()];
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
  const run = await openLocalRun({ out, transcript: () => transcribeOutput, start: await lastTimeOf(out) });
  try {
    return await work(run);
  } finally {
    await run.close();
  }
}

/** Where a reopened run's virtual clock resumes: the latest time the run recorded. */
async function lastTimeOf(out: string): Promise<Date> {
  const run = await readRunFiles(out);
  const times = [
    ...run.executions.map((e) => Date.parse(e.stopDate ?? e.startDate)),
    ...run.archive.map((a) => Date.parse(a.archivedAt)),
  ].filter((time) => !Number.isNaN(time));
  return new Date(Math.max(Date.now(), ...times));
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
