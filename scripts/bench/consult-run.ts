import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ComprehendApi } from "@medpipe/core/entities";

/** One workflow execution of a local run, as Step Functions would report it. */
export interface ExecutionSummary {
  workflow: string;
  status: string;
  stateTransitions: number;
}

/** What a consult's local run reports from its own process. */
export interface ConsultRunResult {
  minutes: number;
  /** Wall time of delivering the consult's events and draining the bus (not the synth or the database start). */
  ms: number;
  executions: ExecutionSummary[];
  /** SDK calls the handlers made, per stood-in client and command: `calls.s3.GetObjectCommand`. */
  calls: Record<string, Record<string, number>>;
  /** 100-character units billed per Comprehend Medical API, from the text of each request made. */
  comprehendUnits: Partial<Record<ComprehendApi, number>>;
}

/** One Lambda invocation: the task's handler and how long it ran, from its "task succeeded|failed" log line. */
export interface LambdaInvocation {
  task: string;
  ms: number;
}

export interface ConsultRun extends ConsultRunResult {
  /** The floor's time for the same consult, when the run was asked to time it. */
  floorMs: number | null;
  lambda: LambdaInvocation[];
}

const consultProcess = fileURLToPath(new URL("./consult-process.ts", import.meta.url));
const floorProcess = fileURLToPath(new URL("./floor-process.ts", import.meta.url));

/**
 * Runs the benchmark's consult of `minutes` through the local pipeline in a child process of its own (the
 * handlers read their environment once per process, as a Lambda container does), with the handlers logging
 * at INFO so that each invocation and its duration can be counted. With `floor`, the floor of the same consult
 * is then timed in a fresh process too, so that neither side runs on code the other has warmed up.
 *
 * @example
 * const run = await runConsult(30, { floor: false });
 * run.executions.length;
 */
export async function runConsult(minutes: number, options: { floor: boolean }): Promise<ConsultRun> {
  const dir = await mkdtemp(join(tmpdir(), "medpipe-bench-result-"));
  const resultFile = join(dir, "result.json");
  const floorInput = join(dir, "floor-input.json");
  const floorResult = join(dir, "floor.json");
  try {
    const stdout = await runTsx(
      [consultProcess, String(minutes), resultFile, ...(options.floor ? ["--floor", floorInput] : [])],
      `the ${minutes}-minute consult run`,
    );
    const result = JSON.parse(await readFile(resultFile, "utf8")) as ConsultRunResult;
    let floorMs: number | null = null;
    if (options.floor) {
      await runTsx([floorProcess, floorInput, floorResult], `the ${minutes}-minute floor`);
      floorMs = (JSON.parse(await readFile(floorResult, "utf8")) as { floorMs: number }).floorMs;
    }
    return { ...result, floorMs, lambda: lambdaInvocationsOf(stdout) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs a TypeScript entry in a fresh `node`, handlers logging at INFO; resolves with its stdout. */
async function runTsx(args: string[], what: string): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: "INFO" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (data: string) => {
    stdout += data;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject).on("close", resolve);
  });
  if (code !== 0) throw new Error(`${what} exited with ${code}`);
  return stdout;
}

/** The messages the task wrapper ends each invocation's log with (packages/functions/src/runtime/task.ts). */
const INVOCATION_ENDS = ["task succeeded", "task failed", "task not ready, retried"];

/**
 * The Lambda invocations in the handlers' structured logs: one "task succeeded", "task failed" or "task not
 * ready, retried" line, with
 * the task and its milliseconds, per invocation. Other lines are ignored.
 *
 * @example
 * lambdaInvocationsOf('{"message":"task succeeded","task":"record-failure","ms":4}\n'); // [{ task: "record-failure", ms: 4 }]
 */
export function lambdaInvocationsOf(logs: string): LambdaInvocation[] {
  return logs.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      const entry = JSON.parse(line) as { message?: unknown; task?: unknown; ms?: unknown };
      const ended = typeof entry.message === "string" && INVOCATION_ENDS.includes(entry.message);
      return ended && typeof entry.task === "string" && typeof entry.ms === "number"
        ? [{ task: entry.task, ms: entry.ms }]
        : [];
    } catch {
      return [];
    }
  });
}
