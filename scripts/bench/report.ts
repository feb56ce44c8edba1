import type { ComprehendApi } from "@medpipe/core/entities";
import type { BillingRatio } from "./billing.js";
import type { BundleFigures } from "./bundles.js";
import type { ConsultCost, Service } from "./cost.js";
import type { LocalTiming } from "./local.js";
import type { RlsFigure } from "./rls.js";

/** The machine a benchmark ran on. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

/** Everything one `npm run bench` measured, by consult length in minutes where it depends on it. */
export interface BenchMeasures {
  date: string;
  machine: Machine;
  billing: Map<number, Record<ComprehendApi, BillingRatio>>;
  requests: Map<number, Record<ComprehendApi, number>>;
  local: LocalTiming & { minutes: number };
  bundles: Record<string, BundleFigures>;
  transitions: Map<number, number>;
  cost: Map<number, ConsultCost>;
  pricesReadOn: string;
  rls: RlsFigure;
}

/** A target of the benchmark and whether the run met it. */
export interface Target {
  name: string;
  value: number;
  limit: number;
  met: boolean;
}

/**
 * The benchmark's JSON: `billing` → minutes → API → { pipeline, perTurn }; `requests` → minutes → API → ratio;
 * `local` → { ms, floorMs, ratio, runs }; `bundles` → function → { bytes, importMs }; `transitions` → minutes → count;
 * `cost` → minutes → service → dollars; `rls` → { meetings, entities, rows, before, after, ratio }. Beside them:
 * when, where, the unpriced services and the targets.
 */
export interface BenchReport {
  date: string;
  machine: Machine;
  billing: Record<string, Record<ComprehendApi, BillingRatio>>;
  requests: Record<string, Record<ComprehendApi, number>>;
  local: LocalTiming & { minutes: number };
  bundles: Record<string, BundleFigures>;
  transitions: Record<string, number>;
  cost: Record<string, Partial<Record<Service, number>>>;
  /** Services each consult used that have no confirmed price, so `cost` leaves them out. */
  costUnpriced: Record<string, Service[]>;
  pricesReadOn: string;
  rls: RlsFigure;
  targets: Target[];
}

/** The JSON report of the measures, with the targets checked. */
export function benchReport(measures: BenchMeasures): BenchReport {
  const byMinutes = <T, U>(map: Map<number, T>, shape: (value: T) => U): Record<string, U> =>
    Object.fromEntries([...map].map(([minutes, value]) => [String(minutes), shape(value)]));
  const report: Omit<BenchReport, "targets"> = {
    date: measures.date,
    machine: measures.machine,
    billing: byMinutes(measures.billing, (ratios) => ratios),
    requests: byMinutes(measures.requests, (ratios) => ratios),
    local: measures.local,
    bundles: measures.bundles,
    transitions: byMinutes(measures.transitions, (count) => count),
    cost: byMinutes(measures.cost, (cost) => cost.dollars),
    costUnpriced: byMinutes(measures.cost, (cost) => cost.unpriced),
    pricesReadOn: measures.pricesReadOn,
    rls: measures.rls,
  };
  return { ...report, targets: targetsOf(report) };
}

/** Most bytes a Lambda bundle may have: 400 KB, counted as 400 × 1024 bytes. */
export const MAX_BUNDLE_BYTES = 400 * 1024;

/**
 * The targets: billing ratio ≤ 1.005 at 60 minutes (every API), largest bundle ≤ 400 KB, local ≤ 3× the
 * floor, and ≤ 60 state transitions for a 30-minute consult. A figure the run did not measure fails its target.
 */
export function targetsOf(report: Omit<BenchReport, "targets">): Target[] {
  const target = (name: string, value: number | undefined, limit: number): Target => ({
    name,
    value: value ?? Number.NaN,
    limit,
    met: value !== undefined && value <= limit,
  });
  const billing60 = Object.values(report.billing["60"] ?? {}).map((ratio) => ratio.pipeline);
  const bundleBytes = Object.values(report.bundles).map((bundle) => bundle.bytes);
  return [
    target("billing ratio at 60 minutes", billing60.length ? Math.max(...billing60) : undefined, 1.005),
    target(
      "largest bundle (bytes)",
      bundleBytes.length ? Math.max(...bundleBytes) : undefined,
      MAX_BUNDLE_BYTES,
    ),
    target(`local ÷ floor (${report.local.minutes} minutes)`, report.local.ratio, 3),
    target("state transitions, 30-minute consult", report.transitions["30"], 60),
  ];
}
