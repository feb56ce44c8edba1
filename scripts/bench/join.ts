import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ParticipantRole } from "@medpipe/core/consult";

/** Consults timed, after the ones that warm the container up (JWKS fetched, connections open). */
export const JOIN_CONSULTS = 40;
export const JOIN_WARMUP = 3;
/** The joins of each consult, in order: the first creates the meeting, the others join it, two of them again. */
export const JOIN_ROLES: readonly ParticipantRole[] = [
  "clinician",
  "patient",
  "interpreter",
  "observer",
  "patient",
  "clinician",
];

/** The join handler's server time, besides the Chime calls (answered from memory). */
export interface JoinTiming {
  samples: number;
  p50Ms: number;
  p95Ms: number;
}

const joinProcess = fileURLToPath(new URL("./join-process.ts", import.meta.url));

/**
 * The percentile `p` (0 to 1) of `values`, nearest rank.
 *
 * @example
 * percentile([1, 2, 3, 4], 0.5); // 2
 */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Times the join handler, warm, in a process of its own: the real handler (token verification, the consult store
 * on the embedded Supabase, the router), with Chime answered from memory so that only the server's own time
 * counts. Each consult's first join creates its meeting; the others join it or join again.
 *
 * @example
 * const { p95Ms } = await measureJoinServerTime();
 */
export async function measureJoinServerTime(): Promise<JoinTiming> {
  const dir = await mkdtemp(join(tmpdir(), "medpipe-bench-join-"));
  const resultFile = join(dir, "join.json");
  try {
    const child = spawn(process.execPath, ["--import", "tsx", joinProcess, resultFile], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject).on("close", resolve);
    });
    if (code !== 0) throw new Error(`the join timing exited with ${code}`);
    const durations = JSON.parse(await readFile(resultFile, "utf8")) as number[];
    return {
      samples: durations.length,
      p50Ms: percentile(durations, 0.5),
      p95Ms: percentile(durations, 0.95),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
