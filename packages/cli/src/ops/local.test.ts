import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { asReplayed, type DeadLetter, InvalidOptionError } from "@medpipe/core/replay";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExecutionRecord } from "../local/step-functions.js";
import { localBackend, ReplayExistsError } from "./local.js";
import { RUN_FILES } from "./run-files.js";

const EVENTS = fileURLToPath(new URL("../../../../examples/demo-consult/events/", import.meta.url));
const MEETING_ID = "16ca8b41-0ca0-4234-9645-68ed5e4c0a5f";
const SINCE = new Date("2026-04-12T11:00:00Z");
const quiet = { progress: () => {}, note: () => {}, onInterrupt: () => {} };

let out: string;
let started: Record<string, unknown>;
let joined: Record<string, unknown>;

beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), "medpipe-ops-local-"));
  started = JSON.parse(await readFile(join(EVENTS, "01-meeting-started.json"), "utf8"));
  joined = JSON.parse(await readFile(join(EVENTS, "02-attendee-joined-clinician.json"), "utf8"));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

function execution(
  name: string,
  status: "SUCCEEDED" | "FAILED",
  stopDate: string,
  input: unknown,
): ExecutionRecord {
  const failed = status === "FAILED";
  const machine = "arn:aws:states:eu-west-1:000000000000:stateMachine:local-medpipe-attendance";
  return {
    name,
    arn: `${machine.replace(":stateMachine:", ":execution:")}:${name}`,
    stateMachineArn: machine,
    workflow: "attendance",
    status,
    stateTransitions: 2,
    path: ["RecordAttendance", failed ? "Failed" : "Done"],
    startDate: stopDate,
    stopDate,
    failedState: failed ? "RecordAttendance" : null,
    error: failed ? "SinkError" : null,
    cause: failed
      ? JSON.stringify({
          errorType: "SinkError",
          errorMessage: "record_attendance failed for meeting 16ca8b41: code 42501 (HTTP 403)",
        })
      : null,
    input,
    redriveCount: 0,
    resumeAt: failed ? { state: "RecordAttendance", input } : null,
    history: [],
  };
}

async function writeRun(files: {
  executions?: ExecutionRecord[];
  archive?: unknown[];
  deadLetters?: DeadLetter[];
}) {
  const lines = (items: unknown[]) => items.map((item) => `${JSON.stringify(item)}\n`).join("");
  await writeFile(join(out, RUN_FILES.executions), lines(files.executions ?? []));
  await writeFile(join(out, RUN_FILES.archive), lines(files.archive ?? []));
  if (files.deadLetters) await writeFile(join(out, RUN_FILES.deadLetters), lines(files.deadLetters));
}

describe("failures of a local run", () => {
  it("lists failed executions since the time and dead letters, oldest first, with meeting, step, error and key", async () => {
    await writeRun({
      executions: [
        execution("attendance-old-1", "FAILED", "2026-04-12T10:59:59Z", joined),
        execution("attendance-fine-1", "SUCCEEDED", "2026-04-12T11:30:00Z", joined),
        execution("attendance-d6c7-1", "FAILED", "2026-04-12T11:40:00Z", joined),
      ],
      deadLetters: [
        {
          sentAt: "2026-04-12T11:20:00Z",
          workflow: "meeting-lifecycle",
          event: started,
          attributes: { ERROR_CODE: "SDK_CLIENT_ERROR", ERROR_MESSAGE: "AccessDenied" },
        },
      ],
    });
    const rows = await localBackend({ out }).failures(SINCE, quiet);
    expect(rows.map((r) => [r.source, r.execution, r.meetingId, r.step, r.error, r.idempotencyKey])).toEqual([
      ["dead-letter", null, MEETING_ID, null, "SDK_CLIENT_ERROR", started.id],
      ["execution", "attendance-d6c7-1", MEETING_ID, "RecordAttendance", "SinkError", joined.id],
    ]);
    expect(rows[1]?.cause).toBe("record_attendance failed for meeting 16ca8b41: code 42501 (HTTP 403)");
  });

  it("judges an execution by its latest redrive, as Step Functions reports a redriven execution", async () => {
    await writeRun({
      executions: [
        execution("attendance-a-1", "FAILED", "2026-04-12T11:10:00Z", joined),
        { ...execution("attendance-a-1", "SUCCEEDED", "2026-04-12T11:20:00Z", joined), redriveCount: 1 },
        execution("attendance-b-1", "FAILED", "2026-04-12T11:10:00Z", joined),
        { ...execution("attendance-b-1", "FAILED", "2026-04-12T11:30:00Z", joined), redriveCount: 1 },
      ],
    });
    const rows = await localBackend({ out }).failures(SINCE, quiet);
    expect(rows.map((r) => [r.execution, r.time])).toEqual([["attendance-b-1", "2026-04-12T11:30:00Z"]]);
  });

  it("counts back from the run's virtual clock, where the run stopped, not from the wall clock", async () => {
    await writeRun({
      executions: [execution("attendance-d6c7-1", "FAILED", "2026-04-12T11:40:00Z", joined)],
      archive: [{ archivedAt: "2026-04-12T09:00:01Z", event: joined }],
    });
    expect(await localBackend({ out }).now()).toEqual(new Date("2026-04-12T11:40:00Z"));
  });

  it("refuses a directory no local run wrote, naming --out", async () => {
    await expect(localBackend({ out }).failures(SINCE, quiet)).rejects.toThrow(InvalidOptionError);
    await expect(localBackend({ out }).failures(SINCE, quiet)).rejects.toThrow(
      /^--out .* holds no local run/,
    );
  });
});

describe("replaying a local run", () => {
  const window = { from: new Date("2026-04-12T00:00:00Z"), to: new Date("2026-04-13T00:00:00Z") };

  it("reports an empty replay without reopening the run when the window holds no event", async () => {
    await writeRun({ archive: [{ archivedAt: "2026-04-12T12:00:00Z", event: started }] });
    const report = await localBackend({ out }).replay(
      {
        window: { from: new Date("2026-04-13T00:00:00Z"), to: new Date("2026-04-14T00:00:00Z") },
        meetingId: null,
        maxWaitMilliseconds: 60_000,
      },
      quiet,
    );
    expect(report).toEqual({
      replayName: "medpipe-20260412T120000",
      events: 0,
      executions: 0,
      failed: 0,
      running: 0,
    });
  });

  it("names a replay after the run's virtual clock, and refuses a second one in the same second", async () => {
    await writeRun({
      archive: [
        { archivedAt: "2026-04-12T12:00:00Z", event: asReplayed(started, "medpipe-20260412T120000") },
      ],
    });
    await expect(
      localBackend({ out }).replay({ window, meetingId: null, maxWaitMilliseconds: 60_000 }, quiet),
    ).rejects.toThrow(ReplayExistsError);
  });

  it("needs the transcribe output medpipe local keeps, to reopen the run", async () => {
    await writeRun({ archive: [{ archivedAt: "2026-04-12T09:00:01Z", event: started }] });
    await expect(
      localBackend({ out }).replay({ window, meetingId: null, maxWaitMilliseconds: 60_000 }, quiet),
    ).rejects.toThrow(/^--out .* keeps no transcribe-output.json/);
  });
});

describe("redriving a local run", () => {
  it("does not redrive a succeeded execution, saying why as Step Functions does", async () => {
    await writeRun({
      executions: [execution("attendance-fine-1", "SUCCEEDED", "2026-04-12T11:30:00Z", joined)],
    });
    expect(await localBackend({ out }).redrive({ execution: "attendance-fine-1" }, quiet)).toEqual({
      mode: "resumed",
      redriven: [],
      notRedriven: [
        { execution: "attendance-fine-1", reason: "Execution is SUCCEEDED and cannot be redriven" },
      ],
    });
  });

  it("refuses a name that is no execution of the run", async () => {
    await writeRun({ executions: [] });
    await expect(localBackend({ out }).redrive({ execution: "nope-1" }, quiet)).rejects.toMatchObject({
      option: "<execution>",
    });
  });
});
