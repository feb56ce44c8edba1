import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutionRecord } from "../local/step-functions.js";

const BIN = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const DEMO = fileURLToPath(new URL("../../../../examples/demo-consult/", import.meta.url));

function medpipe(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "medpipe-local-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("medpipe local given a bundle it cannot run", () => {
  const cases: [string, () => Promise<string[]>, string][] = [
    ["a missing bundle", async () => [join(dir, "nowhere")], "does not exist"],
    [
      "a bundle without events/",
      async () => {
        await mkdir(join(dir, "no-events"), { recursive: true });
        return [join(dir, "no-events")];
      },
      "has no events/ directory: not a consult bundle",
    ],
    [
      "a bundle whose events/ is empty",
      async () => {
        await mkdir(join(dir, "empty", "events"), { recursive: true });
        return [join(dir, "empty")];
      },
      "holds no .json events",
    ],
    [
      "an event that is not JSON",
      async () => {
        await mkdir(join(dir, "broken", "events"), { recursive: true });
        await writeFile(join(dir, "broken", "events", "01.json"), "{ not json");
        return [join(dir, "broken")];
      },
      "01.json is not valid JSON",
    ],
    [
      "an --out folder holding someone else's files",
      async () => {
        await mkdir(join(dir, "theirs"), { recursive: true });
        await writeFile(join(dir, "theirs", "thesis.docx"), "keep me");
        return [DEMO, "--out", join(dir, "theirs")];
      },
      "is not empty and not a medpipe output directory",
    ],
  ];

  it.each(cases)("refuses %s in one line naming the problem, with exit 2", async (_, argsOf, problem) => {
    const run = await medpipe("local", ...(await argsOf()));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(problem);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("leaves the files of a folder it refused alone", async () => {
    expect(await readFile(join(dir, "theirs", "thesis.docx"), "utf8")).toBe("keep me");
  });
});

describe("medpipe local on the demo consult, into an empty folder that exists", () => {
  let out: string;
  let run: Awaited<ReturnType<typeof medpipe>>;

  beforeAll(async () => {
    const bundle = join(dir, "demo");
    await cp(DEMO, bundle, { recursive: true });
    out = join(dir, "empty-out");
    await mkdir(out);
    run = await medpipe("local", bundle, "--out", out, "--transcribe-seconds", "600");
  }, 300_000);

  it("runs the consult with no consent gate, saying so, to its entities", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("consent gate: none applied");
    expect(run.stdout).toMatch(/done: 18 entities/);
  });

  it("waits out a ten-minute Transcribe job on the virtual clock, each poll in executions.jsonl", async () => {
    const executions = (await readFile(join(out, "executions.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ExecutionRecord);
    const transcription = executions.find((e) => e.workflow === "transcription") as ExecutionRecord;
    expect(transcription.status).toBe("SUCCEEDED");
    const polls = transcription.history.filter(
      (event) =>
        event.type === "TaskStateEntered" && event.stateEnteredEventDetails?.name === "TranscribeRecording",
    );
    const first = Date.parse(String(polls[0]?.timestamp));
    const last = Date.parse(String(polls.at(-1)?.timestamp));
    expect(polls.length).toBeGreaterThan(10);
    expect((last - first) / 1000).toBeGreaterThanOrEqual(600);
    // One story in the consult's own time: the run starts at the first event's time, not the wall clock's.
    expect(transcription.startDate.slice(0, 10)).toBe("2026-04-12");
  });
});
