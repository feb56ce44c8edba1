import { describe, expect, it } from "vitest";
import { syntheticConsult, transcriptOf } from "../transcript/consult.fixture.js";
import { apisFor, planUsage } from "./plan.js";

describe("planUsage", () => {
  it("plans the three APIs, and InferSNOMEDCT only when SNOMED CT linking is on", () => {
    const transcript = transcriptOf([{ speaker: "spk_0", words: ["25", "µg", "daily"] }]);
    const usage = { requests: 1, billedUnits: 1, floorUnits: 1 };
    expect(planUsage(transcript, { snomedct: false })).toEqual({
      chars: 11,
      bytes: 12,
      DetectEntitiesV2: usage,
      InferICD10CM: usage,
      InferRxNorm: usage,
    });
    expect(planUsage(transcript, { snomedct: true }).InferSNOMEDCT).toEqual(usage);
    expect(apisFor({ snomedct: true })).toEqual([
      "DetectEntitiesV2",
      "InferICD10CM",
      "InferRxNorm",
      "InferSNOMEDCT",
    ]);
  });

  it("needs more requests where an API's limit is smaller, at the same billed units", () => {
    const plan = planUsage(syntheticConsult(60), { snomedct: true });
    expect(plan.InferRxNorm.requests).toBeGreaterThan(plan.DetectEntitiesV2.requests);
    expect(plan.InferSNOMEDCT?.requests).toBeGreaterThan(plan.InferRxNorm.requests);
    for (const api of ["DetectEntitiesV2", "InferICD10CM", "InferRxNorm", "InferSNOMEDCT"] as const) {
      expect(plan[api]?.billedUnits).toBe(Math.ceil(plan.chars / 100));
    }
  });
});
