import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const run = promisify(execFile);

/** Runs `medpipe ...` to its end: exit code, stdout and stderr. */
async function medpipe(...args: string[]) {
  const { SUPABASE_URL: _url, SUPABASE_SERVICE_ROLE_KEY: _key, ...env } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

let out: string;
let serve: ChildProcess;
let served: Record<string, string>;
const consultId = randomUUID();
const clinician = randomUUID();
const patient = randomUUID();

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "medpipe-serve-"));
  serve = spawn(process.execPath, [BIN, "serve", "--out", out, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [line] = (await once(createInterface({ input: serve.stdout as NodeJS.ReadableStream }), "line")) as [
    string,
  ];
  served = JSON.parse(line) as Record<string, string>;
});

afterAll(async () => {
  if (serve.exitCode === null) serve.kill("SIGKILL");
  await rm(out, { recursive: true, force: true });
});

describe("a newcomer's local stage", () => {
  it("medpipe serve prints where the API and Supabase are, on 127.0.0.1", () => {
    expect(Object.keys(served)).toEqual(["api", "supabaseUrl", "anonKey"]);
    expect(served.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.supabaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("medpipe consult schedule prints the consult, consent given, in a window from now to an hour on", async () => {
    const before = Date.now();
    const scheduled = await medpipe(
      "consult",
      "schedule",
      "--out",
      out,
      "--consult",
      consultId,
      "--clinician",
      clinician,
      "--patient",
      patient,
      "--consent",
    );
    expect(scheduled.code).toBe(0);
    const consult = JSON.parse(scheduled.stdout) as { startsAt: string; endsAt: string; consent: unknown };
    expect(consult).toMatchObject({ consultId, consent: { userId: patient }, meeting: null });
    expect(Date.parse(consult.startsAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(consult.endsAt) - Date.parse(consult.startsAt)).toBe(3_600_000);
  });

  it("medpipe token prints an access token the API takes: the clinician joins the consult", async () => {
    const token = await medpipe("token", "--out", out, "--user", clinician, "--expires-in", "600");
    expect(token.code).toBe(0);
    const answer = await fetch(`${served.api}/consults/${consultId}/join`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      Meeting: { ExternalMeetingId: consultId },
      Attendee: { ExternalUserId: clinician },
    });
  });

  it("refuses bad arguments with exit 2 and one line naming the option", async () => {
    for (const [args, option] of [
      [["token", "--out", out, "--user", "clinician-1"], "--user"],
      [["token", "--out", out, "--user", clinician, "--expires-in", "forever"], "--expires-in"],
      [["token", "--out", join(out, "nowhere"), "--user", clinician], "--out"],
      [
        [
          "consult",
          "schedule",
          "--out",
          out,
          "--consult",
          consultId,
          "--clinician",
          clinician,
          "--patient",
          patient,
          "--starts",
          "tomorrow",
        ],
        "--starts",
      ],
      [
        [
          "consult",
          "schedule",
          "--out",
          out,
          "--consult",
          consultId,
          "--clinician",
          clinician,
          "--patient",
          clinician,
        ],
        "--patient",
      ],
      [["serve", "--out", out, "--port", "http"], "--port"],
      [
        [
          "consult",
          "schedule",
          "--stage",
          "prod",
          "--consult",
          consultId,
          "--clinician",
          clinician,
          "--patient",
          patient,
        ],
        "SUPABASE_URL",
      ],
    ] as const) {
      const answer = await medpipe(...args);
      expect(answer.code, args.join(" ")).toBe(2);
      expect(answer.stderr.trim().split("\n"), args.join(" ")).toEqual([expect.stringContaining(option)]);
    }
  });

  it("stops on SIGTERM with exit 0, leaving the stage's run log and database behind", async () => {
    serve.kill("SIGTERM");
    const [code] = await once(serve, "exit");
    expect(code).toBe(0);
    const executions = await readFile(join(out, "executions.jsonl"), "utf8");
    expect(executions).toContain('"workflow":"meeting-lifecycle"');
    const status = await medpipe(
      "consult",
      "schedule",
      "--out",
      out,
      "--consult",
      consultId,
      "--clinician",
      clinician,
      "--patient",
      patient,
    );
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ consultId, meeting: { generation: 0 } });
  });
});
