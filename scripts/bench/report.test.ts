import { describe, expect, it } from "vitest";
import {
  type BenchMeasures,
  type BurstFigures,
  benchReport,
  MAX_BUNDLE_BYTES,
  MAX_JOIN_IMPORT_MS,
  MAX_JOIN_P95_MS,
} from "./report.js";
import { transitionsOf } from "./transitions.js";

const flat = (pipeline: number, perTurn: number) => ({
  DetectEntitiesV2: { pipeline, perTurn },
  InferICD10CM: { pipeline, perTurn },
  InferRxNorm: { pipeline, perTurn },
  InferSNOMEDCT: { pipeline, perTurn },
});
const ones = { DetectEntitiesV2: 1, InferICD10CM: 1.2, InferRxNorm: 1.2, InferSNOMEDCT: 1.2 };

function measures(overrides: Partial<BenchMeasures> = {}): BenchMeasures {
  return {
    date: "2026-11-21T00:00:00.000Z",
    machine: { cpus: 2, cpuModel: "cpu", memoryGiB: 23.4, node: "v22.23.3", platform: "linux x64" },
    billing: new Map([
      [30, flat(1, 1.8)],
      [60, flat(1, 1.9)],
    ]),
    requests: new Map([
      [30, ones],
      [60, ones],
    ]),
    local: { minutes: 60, ms: 2_000, floorMs: 1_000, ratio: 2, runs: [{ ms: 2_000, floorMs: 1_000 }] },
    bundles: {
      "record-failure": { bytes: 300_000, importMs: 120, largest: [{ from: "zod", bytes: 90_000 }] },
      "join-consult": { bytes: 800_000, importMs: 80, largest: [] },
    },
    join: { samples: 240, p50Ms: 5, p95Ms: 20 },
    transitions: new Map([
      [30, 47],
      [60, 47],
    ]),
    cost: new Map([
      [30, { dollars: { transcribeMedical: 2.25, stepFunctions: 0.001 }, unpriced: ["chimeMediaPipelines"] }],
      [60, { dollars: { transcribeMedical: 4.5, stepFunctions: 0.001 }, unpriced: ["chimeMediaPipelines"] }],
    ]),
    pricesReadOn: "2026-11-21",
    rls: {
      meetings: 5_000,
      entities: 100_000,
      rows: 20,
      before: { scan: "Seq Scan", ms: 7.2 },
      after: { scan: "Bitmap Heap Scan", ms: 1.4 },
      ratio: 7.2 / 1.4,
    },
    burst: new Map([[300, burstOf({ ratio: 1.1 })]]),
    ...overrides,
  } as BenchMeasures;
}

function burstOf(figures: Partial<BurstFigures>): BurstFigures {
  const peak = { used: 1, quota: 2 };
  return {
    consults: 300,
    failed: 0,
    lost: 0,
    makespanSeconds: 1_100,
    lowerBoundSeconds: 1_000,
    ratio: 1.1,
    peaks: {
      mediaPipelines: peak,
      transcribeJobs: peak,
      lambdaConcurrency: peak,
      comprehendRequestsPerSecond: {},
      comprehendCharactersPerSecond: {},
    },
    transitionsPerConsult: 50,
    refused: { comprehend: 0, transcribeJobs: 0, mediaPipelines: 0 },
    wallSeconds: 100,
    ...figures,
  };
}

describe("bench report", () => {
  it("keeps the issue's JSON shape, keyed by minutes", () => {
    const report = JSON.parse(JSON.stringify(benchReport(measures())));
    expect(report.billing["60"].InferRxNorm).toEqual({ pipeline: 1, perTurn: 1.9 });
    expect(report.requests["30"].InferICD10CM).toBe(1.2);
    expect(report.local).toMatchObject({ minutes: 60, ms: 2_000, floorMs: 1_000, ratio: 2 });
    expect(report.bundles["record-failure"]).toMatchObject({ bytes: 300_000, importMs: 120 });
    expect(report.join).toEqual({ importMs: 80, samples: 240, p50Ms: 5, p95Ms: 20 });
    expect(report.transitions).toEqual({ "30": 47, "60": 47 });
    expect(report.cost["60"]).toEqual({ transcribeMedical: 4.5, stepFunctions: 0.001 });
    expect(report.costUnpriced["60"]).toEqual(["chimeMediaPipelines"]);
    expect(report.rls).toMatchObject({
      rows: 20,
      before: { scan: "Seq Scan" },
      after: { scan: "Bitmap Heap Scan" },
    });
    expect(report.burst["300"]).toMatchObject({ consults: 300, failed: 0, lost: 0, ratio: 1.1 });
  });

  it("checks every target, and says which are missed", () => {
    const met = benchReport(measures()).targets;
    expect(met.map((t) => t.met)).toEqual([true, true, true, true, true, true, true, true, true]);
    const missed = benchReport(
      measures({
        billing: new Map([[60, flat(1.01, 2)]]),
        bundles: {
          "record-failure": { bytes: MAX_BUNDLE_BYTES + 1, importMs: 1, largest: [] },
          "join-consult": { bytes: 1, importMs: MAX_JOIN_IMPORT_MS + 1, largest: [] },
        },
        join: { samples: 240, p50Ms: 5, p95Ms: MAX_JOIN_P95_MS + 1 },
        local: {
          minutes: 60,
          ms: 4_000,
          floorMs: 1_000,
          ratio: 4,
          spread: { lowest: 4, highest: 4 },
          runs: [],
        },
        transitions: new Map([[30, 61]]),
        burst: new Map([[300, burstOf({ failed: 1, lost: 2, ratio: 1.3 })]]),
      }),
    ).targets;
    expect(missed.map((t) => t.met)).toEqual([false, false, false, false, false, false, false, false, false]);
  });

  it("fails a target the run did not measure", () => {
    const report = benchReport(measures({ transitions: new Map([[60, 47]]) }));
    expect(report.targets.find((t) => t.name.includes("30-minute"))?.met).toBe(false);
  });

  it("sums a consult's state transitions over its executions", () => {
    expect(
      transitionsOf([
        { workflow: "meeting-lifecycle", status: "SUCCEEDED", stateTransitions: 6 },
        { workflow: "transcription", status: "SUCCEEDED", stateTransitions: 14 },
      ]),
    ).toBe(20);
  });
});
