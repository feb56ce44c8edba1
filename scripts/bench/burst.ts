import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BurstReport } from "@medpipe/testing/burst";

/** The burst sizes measured: the 300, and 30 and 1,000 so that the growth shows. */
export const BURST_SIZES = [30, 300, 1000] as const;

/** Consults of 5 to 60 minutes whose MeetingEnded events all arrive within 10 virtual minutes. */
export const BURST = { minutes: { min: 5, max: 60 }, endWithinMinutes: 10, seed: 2026 } as const;

/**
 * The account's quotas for a burst of `consults`: AWS's defaults (Transcribe Medical's 100 concurrent jobs,
 * Lambda's 1,000, Comprehend Medical's TPS and CPS), but the Chime media pipelines quota raised to hold every
 * consult's capture and concatenation at once. Its default (10 in eu-central-1) records 10 consults at a time: a
 * consult that cannot start its capture before it ends is lost whatever the pipeline does, so a clinic that runs
 * N consults at once asks for 2N (`medpipe doctor --consults N` checks it).
 */
export function burstQuotas(consults: number): { mediaPipelines: number } {
  return { mediaPipelines: 2 * consults };
}

const burstProcess = fileURLToPath(new URL("./burst-process.ts", import.meta.url));

/**
 * Runs a burst of `consults` through the local pipeline in a child process of its own (a fresh rig and heap).
 *
 * @example
 * const report = await measureBurst(30); // report.failed === 0
 */
export async function measureBurst(consults: number): Promise<BurstReport> {
  const dir = await mkdtemp(join(tmpdir(), "medpipe-bench-burst-"));
  const resultFile = join(dir, "burst.json");
  try {
    // The stand-ins keep every call they answered (aws-sdk-client-mock's history), transcripts and documents
    // included: a burst of 1,000 consults holds several GiB of them.
    const child = spawn(
      process.execPath,
      ["--max-old-space-size=16384", "--import", "tsx", burstProcess, String(consults), resultFile],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject).on("close", resolve);
    });
    if (code !== 0) throw new Error(`the burst of ${consults} consults exited with ${code}`);
    return JSON.parse(await readFile(resultFile, "utf8")) as BurstReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
