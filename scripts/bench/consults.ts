import { type ConsultBundle, consultBundle } from "../../packages/cli/src/consult/bundle.js";

/** The consult lengths the benchmark measures, in minutes. */
export const CONSULT_MINUTES = [5, 30, 60, 120] as const;

/** The consult whose local run is timed against the floor. */
export const TIMED_MINUTES = 60;

const SEED = 2026;
const STARTED_AT = new Date("2026-11-02T09:00:00Z");

/**
 * The benchmark's synthetic consult of `minutes` minutes (two speakers, clinical dialogue with "µg" and "°F"):
 * the same bundle in every run and every process.
 *
 * @example
 * benchConsult(60).transcribeOutput.results.items.length;
 */
export function benchConsult(minutes: number): ConsultBundle {
  return consultBundle({ minutes, seed: SEED, startedAt: STARTED_AT });
}
