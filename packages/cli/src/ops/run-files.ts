import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ArchivedEvent, type DeadLetter, InvalidOptionError } from "@medpipe/core/replay";
import type { ExecutionRecord } from "../local/step-functions.js";

/** The files of a local run's output directory that ops read (and, for dead letters, rewrite). */
export const RUN_FILES = {
  archive: "archive.jsonl",
  executions: "executions.jsonl",
  /** Optional: lines of {@link DeadLetter}, as a rule target's dead-letter queue would hold them. */
  deadLetters: "dead-letters.jsonl",
  transcribeOutput: "transcribe-output.json",
  supabase: "supabase",
} as const;

export interface RunFiles {
  archive: ArchivedEvent[];
  executions: ExecutionRecord[];
  deadLetters: DeadLetter[];
}

/**
 * Reads a local run's archive, executions and dead letters; an `--out` that no run wrote is a bad argument.
 *
 * @example
 * const { executions } = await readRunFiles(".medpipe/demo-consult");
 */
export async function readRunFiles(out: string): Promise<RunFiles> {
  const ran = await access(join(out, RUN_FILES.executions)).then(
    () => true,
    () => false,
  );
  if (!ran) throw new InvalidOptionError("--out", `${out} holds no local run (no ${RUN_FILES.executions})`);
  return {
    archive: await jsonLines<ArchivedEvent>(join(out, RUN_FILES.archive)),
    executions: await jsonLines<ExecutionRecord>(join(out, RUN_FILES.executions)),
    deadLetters: await jsonLines<DeadLetter>(join(out, RUN_FILES.deadLetters)),
  };
}

/**
 * Rewrites the run's dead letters, as deleting messages from the queues would.
 *
 * @example
 * await writeDeadLetters(out, letters.filter((letter) => !replayed.has(letter)));
 */
export async function writeDeadLetters(out: string, letters: DeadLetter[]): Promise<void> {
  await writeFile(
    join(out, RUN_FILES.deadLetters),
    letters.map((letter) => `${JSON.stringify(letter)}\n`).join(""),
  );
}

async function jsonLines<T>(path: string): Promise<T[]> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}
