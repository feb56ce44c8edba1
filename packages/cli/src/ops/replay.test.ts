import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DetectEntitiesV2Command, InvalidRequestException } from "@aws-sdk/client-comprehendmedical";
import { identifyEvent } from "@medpipe/core/replay";
import { startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { faultUntilFixed } from "@medpipe/testing/faults";
import { consultOutcome, pipelineResults } from "@medpipe/testing/results";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalRun } from "../local/run.js";
import type { ExecutionRecord } from "../local/step-functions.js";
import { localBackend } from "./local.js";
import { RUN_FILES } from "./run-files.js";

/**
 * THE end-to-end test of ops: the demo consult run locally with Comprehend Medical refusing every request, then
 * `medpipe failures`, `medpipe redrive` after the cause is gone (each command opens the run afresh, with the
 * working stand-in), `medpipe replay` of the window, twice, and the database compared with a clean run of the
 * same bundle. The failing run runs in this process, to fault its stand-in; the rest run as `medpipe` commands.
 */
const BIN = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const BUNDLE = fileURLToPath(new URL("../../../../examples/demo-consult/", import.meta.url));
const MEETING_ID = "16ca8b41-0ca0-4234-9645-68ed5e4c0a5f";
const environment = { ...process.env };
const quiet = { progress: () => {}, note: () => {}, onInterrupt: () => {} };

function medpipe(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: environment }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const lastJsonLine = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "");

/** A local run of the bundle in this process, on the virtual clock from its first event, Comprehend refusing. */
async function runWithComprehendRefusing(out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  const transcribeOutput = await readFile(join(BUNDLE, RUN_FILES.transcribeOutput));
  await copyFile(join(BUNDLE, RUN_FILES.transcribeOutput), join(out, RUN_FILES.transcribeOutput));
  const events = await Promise.all(
    (await readdir(join(BUNDLE, "events")))
      .sort()
      .map(
        async (file) => JSON.parse(await readFile(join(BUNDLE, "events", file), "utf8")) as { time: string },
      ),
  );
  const run = await openLocalRun({
    out,
    settings: { MEDPIPE_CONSENT_GATE: "off" },
    transcript: () => transcribeOutput,
    start: new Date(Math.min(...events.map((event) => Date.parse(event.time)))),
  });
  faultUntilFixed(
    run.pipeline.aws.comprehend as never,
    DetectEntitiesV2Command,
    () => new InvalidRequestException({ message: "The request is not valid.", $metadata: {} }),
  );
  try {
    for (const event of events) {
      run.pipeline.deliver(event);
      await run.pipeline.drain();
    }
  } finally {
    await run.close();
  }
}

/** The pipeline's results in a run's database, as any delivery must leave them (see {@link consultOutcome}). */
async function results(out: string) {
  const supabase = await startEmbeddedSupabase({ dataDir: join(out, RUN_FILES.supabase) });
  try {
    return consultOutcome(await pipelineResults(supabase));
  } finally {
    await supabase.stop();
  }
}

async function executionsOf(out: string): Promise<ExecutionRecord[]> {
  const text = await readFile(join(out, RUN_FILES.executions), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ExecutionRecord);
}

/** An hour before where the run's virtual clock stopped. */
async function anHourBefore(out: string): Promise<Date> {
  return new Date((await localBackend({ out }).now()).getTime() - 3_600_000);
}

describe("a failed consult redriven, then replayed, after the cause is fixed", () => {
  let dir: string;
  let failing: string;
  let clean: string;
  const from = "2026-04-12T00:00:00Z";
  const to = "2026-04-13T00:00:00Z";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "medpipe-replay-"));
    failing = join(dir, "failing");
    clean = join(dir, "clean");
    const cleanRun = medpipe("local", BUNDLE, "--out", clean);
    await runWithComprehendRefusing(failing);
    expect((await cleanRun).code).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is listed by medpipe failures with its meeting, step, error and idempotency key", async () => {
    const rows = await localBackend({ out: failing }).failures(await anHourBefore(failing), quiet);
    const audio = (await executionsOf(failing)).find((e) => e.workflow === "transcription")?.input;
    expect(rows).toEqual([
      expect.objectContaining({
        source: "execution",
        workflow: "transcription",
        meetingId: MEETING_ID,
        step: "ExtractEntities",
        error: "ComprehendRequestError",
        idempotencyKey: identifyEvent(audio).idempotencyKey,
      }),
    ]);
    expect((await results(failing)).transcripts).toEqual([]);
  });

  it("resumes at the failed task when redriven, leaving the database as a clean run's", async () => {
    const [failed] = (await executionsOf(failing)).filter((e) => e.status === "FAILED") as [ExecutionRecord];
    const redrive = await medpipe("redrive", "--out", failing, "--all-failed", "--since", "1h");
    expect(redrive.stderr).not.toMatch(/Error/);
    expect(redrive.code).toBe(0);
    expect(lastJsonLine(redrive.stdout)).toEqual({
      mode: "resumed",
      redriven: [
        { execution: failed.name, workflow: "transcription", redrivenAs: failed.name, status: "SUCCEEDED" },
      ],
      notRedriven: [],
    });
    const redriven = (await executionsOf(failing)).at(-1) as ExecutionRecord;
    expect(redriven).toMatchObject({ arn: failed.arn, status: "SUCCEEDED", redriveCount: 1 });
    const resumed = redriven.history.findIndex((event) => event.type === "ExecutionRedriven");
    expect(redriven.history[resumed + 1]?.stateEnteredEventDetails?.name).toBe("ExtractEntities");
    expect(Date.parse(redriven.stopDate ?? "")).toBeGreaterThanOrEqual(Date.parse(failed.stopDate ?? ""));
    expect(await results(failing)).toEqual(await results(clean));
    expect(await localBackend({ out: failing }).failures(await anHourBefore(failing), quiet)).toEqual([]);
  }, 180_000);

  it("changes nothing when the window is replayed, twice", async () => {
    const before = await results(failing);
    for (let replays = 0; replays < 2; replays++) {
      const replay = await medpipe("replay", "--out", failing, "--from", from, "--to", to);
      expect(replay.stderr).not.toMatch(/Error/);
      expect(replay.code).toBe(0);
      const report = lastJsonLine(replay.stdout);
      expect(report).toMatchObject({
        replayName: expect.stringMatching(/^medpipe-20260412T\d{6}$/),
        failed: 0,
      });
      expect(report.events).toBeGreaterThanOrEqual(10);
      const replayed = (await executionsOf(failing)).filter(
        (e) => identifyEvent(e.input).replayName === report.replayName,
      );
      expect(replayed).toHaveLength(report.executions);
      expect(replayed.map((e) => e.workflow)).toContain("transcription");
      expect(await results(failing)).toEqual(before);
    }
  }, 360_000);

  it("redrives nothing that succeeded, saying why", async () => {
    const [redriven] = (await executionsOf(failing)).filter((e) => e.workflow === "transcription");
    const redrive = await medpipe("redrive", "--out", failing, String(redriven?.name));
    expect(redrive.code).toBe(1);
    expect(lastJsonLine(redrive.stdout)).toMatchObject({
      redriven: [],
      notRedriven: [{ execution: redriven?.name, reason: "Execution is SUCCEEDED and cannot be redriven" }],
    });
  });

  it("shows the meeting's timeline in the consult's own time: the failure, the redrive, the replays, the results", async () => {
    const timeline = await localBackend({ out: failing }).status(MEETING_ID, quiet);
    const transcriptions = timeline.filter((e) => e.kind === "execution" && e.workflow === "transcription");
    expect(transcriptions.map((e) => e.kind === "execution" && [e.status, e.failedState])).toEqual([
      ["FAILED", "ExtractEntities"],
      ["SUCCEEDED", null],
      ["SUCCEEDED", null],
      ["SUCCEEDED", null],
    ]);
    expect(timeline.filter((e) => e.kind === "event" && e.replayName !== null).length).toBeGreaterThanOrEqual(
      20,
    );
    expect(timeline).toContainEqual(
      expect.objectContaining({
        kind: "result",
        table: "transcripts",
        what: expect.stringMatching(/ turns, 18 entities$/),
      }),
    );
    expect(timeline.map((e) => e.time)).toEqual(timeline.map((e) => e.time).sort());
    expect(timeline.filter((e) => !e.time.startsWith("2026-04-12T"))).toEqual([]);
  });

  it("places and releases a legal hold on the meeting's rows and every object version, capture chunks too", async () => {
    const backend = localBackend({ out: failing });
    const legalHoldOf = async (object: { bucket: string; key: string; versionId: string | null }) => {
      const file = join(failing, ".s3", object.bucket, `${object.key}.versions.json`);
      const versions = JSON.parse(await readFile(file, "utf8")) as { versionId: string; legalHold: string }[];
      return versions.find((version) => version.versionId === object.versionId)?.legalHold;
    };
    const held = await backend.hold(MEETING_ID, "litigation 2031-044");
    expect(new Set(held.map((o) => o.bucket))).toEqual(
      new Set(["medical-data", "recordings", "transcripts"]),
    );
    expect(held.filter((o) => o.key.startsWith(`captures/${MEETING_ID}/`)).length).toBeGreaterThan(0);
    expect(new Set(await Promise.all(held.map(legalHoldOf)))).toEqual(new Set(["ON"]));
    expect((await results(failing)).meetings).toEqual([expect.objectContaining({ legal_hold: true })]);
    const released = await backend.release(MEETING_ID);
    expect(released).toHaveLength(held.length);
    expect(new Set(await Promise.all(released.map(legalHoldOf)))).toEqual(new Set(["OFF"]));
    expect((await results(failing)).meetings).toEqual([expect.objectContaining({ legal_hold: false })]);
  });
});
