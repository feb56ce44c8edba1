import { API_ROUTES } from "@medpipe/core/api";
import type { ComprehendApi } from "@medpipe/core/entities";
import type { BurstReport } from "@medpipe/testing/burst";
import type { BillingRatio } from "./billing.js";
import type { BundleFigures } from "./bundles.js";
import type { ConsultCost, Service } from "./cost.js";
import type { JoinTiming } from "./join.js";
import type { LocalTiming } from "./local.js";
import type { RlsFigure } from "./rls.js";

/** A burst's figures (the issue's `burst` fields), by number of consults. */
export type BurstFigures = BurstReport;

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
  /** The join handler's warm server time, besides the Chime calls. */
  join: JoinTiming;
  transitions: Map<number, number>;
  cost: Map<number, ConsultCost>;
  pricesReadOn: string;
  rls: RlsFigure;
  burst: Map<number, BurstFigures>;
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
 * `local` → { ms, floorMs, ratio, runs }; `bundles` → function → { bytes, importMs }; `join` → { importMs, samples,
 * p50Ms, p95Ms } (the join handler's cold import and warm server time); `transitions` → minutes → count;
 * `cost` → minutes → service → dollars; `rls` → { meetings, entities, rows, before, after, ratio }; `burst` →
 * consults → { consults, failed, lost, makespanSeconds, lowerBoundSeconds, ratio, peaks, refused, wallSeconds }.
 * Beside them: when, where, the unpriced services and the targets.
 */
export interface BenchReport {
  date: string;
  machine: Machine;
  billing: Record<string, Record<ComprehendApi, BillingRatio>>;
  requests: Record<string, Record<ComprehendApi, number>>;
  local: LocalTiming & { minutes: number };
  bundles: Record<string, BundleFigures>;
  join: JoinTiming & { importMs: number };
  transitions: Record<string, number>;
  cost: Record<string, Partial<Record<Service, number>>>;
  /** Services each consult used that have no confirmed price, so `cost` leaves them out. */
  costUnpriced: Record<string, Service[]>;
  pricesReadOn: string;
  rls: RlsFigure;
  burst: Record<string, BurstFigures>;
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
    join: { importMs: measures.bundles["join-consult"]?.importMs ?? Number.NaN, ...measures.join },
    transitions: byMinutes(measures.transitions, (count) => count),
    cost: byMinutes(measures.cost, (cost) => cost.dollars),
    costUnpriced: byMinutes(measures.cost, (cost) => cost.unpriced),
    pricesReadOn: measures.pricesReadOn,
    rls: measures.rls,
    burst: Object.fromEntries([...measures.burst].map(([consults, figures]) => [String(consults), figures])),
  };
  return { ...report, targets: targetsOf(report) };
}

/** Most bytes a Lambda bundle may have: 400 KB, counted as 400 × 1024 bytes. */
export const MAX_BUNDLE_BYTES = 400 * 1024;

/** The consult API's join handler: cold import ≤ 100 ms, warm server time p95 ≤ 50 ms besides the Chime calls. */
export const MAX_JOIN_IMPORT_MS = 100;
export const MAX_JOIN_P95_MS = 50;

/** The consult API's functions bundle the AWS SDK (stacks/Api.ts): the 400 KB budget is the pipeline tasks'. */
const API_HANDLERS = new Set(API_ROUTES.map((route) => route.handler));

/**
 * The issues' targets: billing ratio ≤ 1.005 at 60 minutes (every API), largest task bundle ≤ 400 KB, local ≤ 3×
 * the floor, ≤ 60 state transitions for a 30-minute consult, the join handler's cold import and warm p95, and a
 * burst with no failed and no lost consult at every size and a makespan ≤ 1.25× its lower bound at 300. A figure
 * the run did not measure fails its target.
 */
export function targetsOf(report: Omit<BenchReport, "targets">): Target[] {
  const target = (name: string, value: number | undefined, limit: number): Target => ({
    name,
    value: value ?? Number.NaN,
    limit,
    met: value !== undefined && value <= limit,
  });
  const billing60 = Object.values(report.billing["60"] ?? {}).map((ratio) => ratio.pipeline);
  const bundleBytes = Object.entries(report.bundles)
    .filter(([name]) => !API_HANDLERS.has(name))
    .map(([, bundle]) => bundle.bytes);
  return [
    target("billing ratio at 60 minutes", billing60.length ? Math.max(...billing60) : undefined, 1.005),
    target(
      "largest task bundle (bytes)",
      bundleBytes.length ? Math.max(...bundleBytes) : undefined,
      MAX_BUNDLE_BYTES,
    ),
    target(`local ÷ floor (${report.local.minutes} minutes)`, report.local.ratio, 3),
    target("state transitions, 30-minute consult", report.transitions["30"], 60),
    target("join handler cold import (ms)", report.bundles["join-consult"]?.importMs, MAX_JOIN_IMPORT_MS),
    target("join handler warm p95 besides Chime (ms)", report.join.p95Ms, MAX_JOIN_P95_MS),
    ...Object.entries(report.burst).flatMap(([consults, burst]) => [
      target(`burst of ${consults}: failed executions`, burst.failed, 0),
      target(`burst of ${consults}: lost consults`, burst.lost, 0),
    ]),
    target("burst of 300: makespan ÷ lower bound", report.burst["300"]?.ratio, 1.25),
  ];
}
