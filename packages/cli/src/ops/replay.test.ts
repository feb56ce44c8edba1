import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DetectEntitiesV2Command, InvalidRequestException } from "@aws-sdk/client-comprehendmedical";
import { identifyEvent } from "@medpipe/core/replay";
import { startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutionRecord } from "../local/step-functions.js";
import { pipelineResults } from "../local/results.fixture.js";
import { openLocalRun } from "../local/run.js";
import { localBackend } from "./local.js";
import { RUN_FILES } from "./run-files.js";

/**
 * THE end-to-end test of ops: the demo consult run locally with Comprehend Medical refusing every request, then
 * `medpipe failures`, `medpipe replay` of the window after the cause is gone (each replay opens the run afresh,
 * with the working stand-in), twice, and the database compared with a clean run of the same bundle.
 *
 * Each local run opens its own embedded Supabase, and the handlers read the sink's URL once per process: so the
 * failing run is the only run in this process, and the clean run and the replays run as `medpipe` commands.
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

/** A local run of the bundle in this process, with every DetectEntitiesV2 call refused for good. */
async function runWithComprehendRefusing(out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await copyFile(join(BUNDLE, RUN_FILES.transcribeOutput), join(out, RUN_FILES.transcribeOutput));
  const run = await openLocalRun({
    out,
    transcribeOutput: await readFile(join(BUNDLE, RUN_FILES.transcribeOutput)),
  });
  run.pipeline.aws.comprehend
    ?.on(DetectEntitiesV2Command)
    .rejects(new InvalidRequestException({ message: "The request is not valid.", $metadata: {} }));
  try {
    for (const file of (await readdir(join(BUNDLE, "events"))).sort()) {
      run.pipeline.deliver(JSON.parse(await readFile(join(BUNDLE, "events", file), "utf8")));
      await run.pipeline.drain();
    }
  } finally {
    await run.close();
  }
}

/** The pipeline's results in a run's database (see {@link pipelineResults}). */
async function results(out: string) {
  const supabase = await startEmbeddedSupabase({ dataDir: join(out, RUN_FILES.supabase) });
  try {
    return await pipelineResults(supabase);
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

describe("a failed event replayed after the cause is fixed", () => {
  let dir: string;
  let failing: string;
  let clean: string;
  const from = "2026-04-12T00:00:00Z";
  const to = new Date(Date.now() + 3_600_000).toISOString();

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
    const rows = await localBackend({ out: failing }).failures(new Date(Date.now() - 3_600_000), quiet);
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

  it("completes when the window is replayed, leaving the database as if it had never failed", async () => {
    const replay = await medpipe("replay", "--out", failing, "--from", from, "--to", to);
    expect(replay.stderr).not.toMatch(/Error/);
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.stdout.trim().split("\n").at(-1) ?? "");
    expect(report).toMatchObject({ replayName: expect.stringMatching(/^medpipe-\d{8}T\d{6}$/), failed: 0 });
    expect(report.events).toBeGreaterThanOrEqual(10);
    const replayed = (await executionsOf(failing)).filter(
      (e) => identifyEvent(e.input).replayName === report.replayName,
    );
    expect(replayed).toHaveLength(report.executions);
    expect(replayed.map((e) => e.status)).toEqual(replayed.map(() => "SUCCEEDED"));
    expect(replayed.map((e) => e.workflow)).toContain("transcription");
    expect(await results(failing)).toEqual(await results(clean));
  }, 180_000);

  it("changes nothing when replayed again", async () => {
    const before = await results(failing);
    const replay = await medpipe("replay", "--out", failing, "--from", from, "--to", to);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout.trim().split("\n").at(-1) ?? "")).toMatchObject({ failed: 0 });
    expect(await results(failing)).toEqual(before);
  }, 180_000);

  it("redrives the failed execution again from its first state, changing nothing, and then lists no failure", async () => {
    const before = await results(failing);
    const redrive = await medpipe("redrive", "--out", failing, "--all-failed", "--since", "1h");
    expect(redrive.code).toBe(0);
    expect(redrive.stderr).toContain("cannot resume at the failed state");
    const [original] = (await executionsOf(failing)).filter((e) => e.status === "FAILED");
    expect(JSON.parse(redrive.stdout.trim().split("\n").at(-1) ?? "")).toEqual({
      mode: "restarted",
      redriven: [
        {
          execution: original?.name,
          workflow: "transcription",
          redrivenAs: `${original?.name}-redrive-1`,
          status: "SUCCEEDED",
        },
      ],
      notRedriven: [],
    });
    expect(await results(failing)).toEqual(before);
    expect(await localBackend({ out: failing }).failures(new Date(Date.now() - 3_600_000), quiet)).toEqual(
      [],
    );
  }, 180_000);

  it("shows the meeting's timeline: the failure, the replays and the results", async () => {
    const timeline = await localBackend({ out: failing }).status(MEETING_ID, quiet);
    expect(timeline).toContainEqual(
      expect.objectContaining({
        kind: "execution",
        workflow: "transcription",
        status: "FAILED",
        failedState: "ExtractEntities",
      }),
    );
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
  });

  it("places and releases a legal hold on the meeting's rows and objects", async () => {
    const backend = localBackend({ out: failing });
    const legalHold = async (key: string, bucket: string) =>
      JSON.parse(await readFile(join(failing, ".s3", bucket, `${key}.json`), "utf8")).legalHold;
    const held = await backend.hold(MEETING_ID, "litigation 2031-044");
    expect(held.map((o) => o.bucket).sort()).toEqual(["medical-data", "recordings", "transcripts"]);
    expect(await Promise.all(held.map((o) => legalHold(o.key, o.bucket)))).toEqual(["ON", "ON", "ON"]);
    expect((await results(failing)).meetings).toEqual([expect.objectContaining({ legal_hold: true })]);
    const released = await backend.release(MEETING_ID);
    expect(await Promise.all(released.map((o) => legalHold(o.key, o.bucket)))).toEqual(["OFF", "OFF", "OFF"]);
    expect((await results(failing)).meetings).toEqual([expect.objectContaining({ legal_hold: false })]);
  });
});
