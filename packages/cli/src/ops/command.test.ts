import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const MEETING_ID = "16ca8b41-0ca0-4234-9645-68ed5e4c0a5f";
const NOWHERE = "/nonexistent/medpipe-out";

function medpipe(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}

describe("ops commands given bad arguments", () => {
  it.each([
    [["failures"], "--out or --stage is needed: a local run's directory, or a deployed stage"],
    [
      ["failures", "--out", "a", "--stage", "b"],
      "--out and --stage exclude each other: choose a local run or a stage",
    ],
    [
      ["failures", "--out", NOWHERE, "--since", "yesterday"],
      "--since must be a duration such as 90m, 24h or 7d",
    ],
    [["failures", "--out", NOWHERE], `--out ${NOWHERE} holds no local run (no executions.jsonl)`],
    [
      ["replay", "--out", NOWHERE, "--from", "2026-04-12T10:00:00Z", "--to", "2026-04-12T09:00:00Z"],
      "--to must be later than --from",
    ],
    [
      ["replay", "--out", NOWHERE, "--from", "2026-04-12T10:00:00Z"],
      "error: required option '--to <time>' not specified",
    ],
    [
      ["replay", "--out", NOWHERE, "--from", "2026-04-12", "--to", "2026-04-13", "--meeting", "Jane"],
      "--meeting must be a Chime meeting id (a UUID)",
    ],
    [["redrive", "--out", NOWHERE], "<execution> or --all-failed is needed"],
    [["redrive", "--out", NOWHERE, "x-1", "--all-failed"], "--all-failed cannot be given with an execution"],
    [["status", "--out", NOWHERE, "not-a-meeting"], "<meetingId> must be a Chime meeting id (a UUID)"],
    [["hold", "--out", NOWHERE, MEETING_ID, "--reason", " "], "--reason must say why"],
    [["db", "--out", NOWHERE], `--out ${NOWHERE} holds no database (no supabase/): run medpipe local first`],
  ])("medpipe %j exits 2 with one line naming the option", async (args, line) => {
    const run = await medpipe(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`${line}\n`);
  });
});
