import { COMPREHEND_APIS } from "@medpipe/core/entities";
import { SERVICES } from "./cost.js";
import { ratio } from "./ratio.js";
import type { BenchReport } from "./report.js";
import { RLS_RUNS } from "./rls.js";

/**
 * The benchmark for people: one block per measure, columns aligned, the targets last.
 *
 * @example
 * process.stdout.write(benchTable(report));
 */
export function benchTable(report: BenchReport): string {
  const { machine } = report;
  const minutes = Object.keys(report.billing);
  const blocks = [
    [
      `medpipe bench, ${report.date}: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ` +
        `Node.js ${machine.node} (${machine.platform})`,
    ],
    [
      "billing: billed units ÷ floor units ⌈chars/100⌉ (pipeline plan | one request per turn)",
      ...aligned([
        ["minutes", ...COMPREHEND_APIS],
        ...minutes.map((m) => [
          m,
          ...COMPREHEND_APIS.map((api) => {
            const ratio = report.billing[m]?.[api];
            return ratio ? `${fixed(ratio.pipeline)} | ${fixed(ratio.perTurn)}` : "-";
          }),
        ]),
      ]),
    ],
    [
      "requests: requests ÷ ⌈size/limit⌉ (bytes for DetectEntitiesV2 and InferSNOMEDCT, characters otherwise)",
      ...aligned([
        ["minutes", ...COMPREHEND_APIS],
        ...minutes.map((m) => [m, ...COMPREHEND_APIS.map((api) => fixed(report.requests[m]?.[api]))]),
      ]),
    ],
    [
      `local: ${report.local.minutes}-minute consult, delivery and drain ÷ floor (parse + bulk insert), each in a fresh process, median of ${report.local.runs.length} runs`,
      ...aligned([
        ["", "pipeline ms", "floor ms", "ratio"],
        ...report.local.runs.map((run, i) => [
          `run ${i + 1}`,
          run.ms.toFixed(0),
          run.floorMs.toFixed(0),
          fixed(ratio(run.ms, run.floorMs)),
        ]),
        ["median", report.local.ms.toFixed(0), report.local.floorMs.toFixed(0), fixed(report.local.ratio)],
      ]),
      `  runs' own ratios from ${fixed(report.local.spread.lowest)} to ${fixed(report.local.spread.highest)}`,
    ],
    [
      "bundles: minified ESM as deployed, import time in a fresh node (median of 3)",
      ...aligned([
        ["function", "bytes", "import ms", "largest packages"],
        ...Object.entries(report.bundles).map(([name, bundle]) => [
          name,
          String(bundle.bytes),
          bundle.importMs.toFixed(0),
          bundle.largest.map((p) => `${p.from} ${(p.bytes / 1024).toFixed(0)} KiB`).join(", "),
        ]),
      ]),
    ],
    [
      `join: the join handler warm, ${report.join.samples} joins (Chime answered from memory; Supabase embedded)`,
      ...aligned([
        ["cold import ms", "p50 ms", "p95 ms"],
        [report.join.importMs.toFixed(0), report.join.p50Ms.toFixed(1), report.join.p95Ms.toFixed(1)],
      ]),
    ],
    [
      "burst: consults ending within 10 virtual minutes (5–60 minutes long), on the rig under the account's quotas",
      ...aligned([
        [
          "consults",
          "failed",
          "lost",
          "makespan s",
          "lower bound s",
          "ratio",
          "peak jobs",
          "peak pipelines",
          "peak chars/s",
          "transitions/consult",
          "wall s",
        ],
        ...Object.values(report.burst).map((burst) => [
          String(burst.consults),
          String(burst.failed),
          String(burst.lost),
          String(burst.makespanSeconds),
          String(burst.lowerBoundSeconds),
          fixed(burst.ratio),
          `${burst.peaks.transcribeJobs.used}/${burst.peaks.transcribeJobs.quota}`,
          `${burst.peaks.mediaPipelines.used}/${burst.peaks.mediaPipelines.quota}`,
          busiestCharacters(burst.peaks.comprehendCharactersPerSecond),
          String(burst.transitionsPerConsult),
          String(burst.wallSeconds),
        ]),
      ]),
    ],
    [
      "transitions: Step Functions state transitions per consult (local runs; the Transcribe job takes 30 s + a quarter of the recording, first polled after a fifth of it, then every 30 s)",
      ...aligned([
        ["minutes", "transitions"],
        ...minutes.map((m) => [m, String(report.transitions[m] ?? "-")]),
      ]),
    ],
    [
      `cost: estimated USD per consult (prices read ${report.pricesReadOn}, scripts/bench/prices.ts)`,
      ...aligned([
        ["minutes", ...SERVICES, "total", "unpriced"],
        ...minutes.map((m) => {
          const dollars = report.cost[m] ?? {};
          const total = Object.values(dollars).reduce((sum, value) => sum + value, 0);
          return [
            m,
            ...SERVICES.map((service) => (dollars[service] === undefined ? "n/a" : usd(dollars[service]))),
            usd(total),
            (report.costUnpriced[m] ?? []).join(", ") || "-",
          ];
        }),
      ]),
    ],
    [
      `rls: a patient's select of medical_entities among ${report.rls.meetings} consults and ${report.rls.entities} entities (${report.rls.rows} rows theirs), median of ${RLS_RUNS}`,
      ...aligned([
        ["policy", "scan", "ms"],
        ["before", report.rls.before.scan, report.rls.before.ms.toFixed(2)],
        ["after", report.rls.after.scan, report.rls.after.ms.toFixed(2)],
        ["ratio", "", fixed(report.rls.ratio)],
      ]),
    ],
    [
      "targets",
      ...aligned(
        report.targets.map((t) => [t.met ? "met" : "MISSED", t.name, `${fixed(t.value)} ≤ ${t.limit}`]),
      ),
    ],
  ];
  return `${blocks.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}

/** Rows as lines with each column padded to its widest cell. */
function aligned(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>(
    (max, row) => row.map((cell, i) => Math.max(max[i] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
}

function fixed(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "-";
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

/** Dollars to the cent's hundredth, and tiny amounts to two significant digits rather than $0.0000. */
function usd(value: number | undefined): string {
  if (value === undefined) return "n/a";
  return `$${value === 0 || value >= 0.0001 ? value.toFixed(4) : value.toPrecision(2)}`;
}

/** The Comprehend Medical API that came closest to its characters-per-second quota, as used/quota. */
function busiestCharacters(peaks: Record<string, { used: number; quota: number }>): string {
  const busiest = Object.values(peaks).sort((a, b) => b.used / b.quota - a.used / a.quota)[0];
  return busiest ? `${busiest.used}/${busiest.quota}` : "-";
}
