import { describe, expect, it } from "vitest";
import type { ConsultRun } from "./consult-run.js";
import {
  type ConsultUsage,
  consultUsage,
  costOf,
  lambdaGbSeconds,
  lambdaMemoryMb,
  s3Requests,
} from "./cost.js";
import { PRICES, type Price, type PriceTable } from "./prices.js";

const price = (usd: number | null): Price => ({
  usd,
  unit: "unit",
  basis: usd === null ? "unconfirmed" : "aws",
  source: "https://example.com/pricing",
  note: "",
});

/** Round prices, so that every dollar figure below can be checked by hand. */
const prices: PriceTable = {
  transcribeMedicalMinute: price(0.1),
  detectEntitiesV2Unit: price(0.01),
  inferICD10CMUnit: price(0.001),
  inferRxNormUnit: price(0.001),
  inferSNOMEDCTUnit: price(null),
  stepFunctionsTransition: price(0.00002),
  lambdaArmGbSecond: price(0.00001),
  lambdaRequest: price(0.0000002),
  s3PutRequest: price(0.000005),
  s3GetRequest: price(0.0000004),
  chimeMediaCaptureMinute: price(null),
  chimeMediaConcatenationMinute: price(null),
};

const usage: ConsultUsage = {
  transcribedMinutes: 60,
  comprehendUnits: { DetectEntitiesV2: 500, InferICD10CM: 500, InferRxNorm: 500 },
  stateTransitions: 50,
  lambda: { requests: 20, gbSeconds: 2 },
  s3: { put: 2, get: 5 },
  mediaPipelineMinutes: { capture: 60, concatenation: 60 },
};

describe("cost", () => {
  it("prices each service from the counted usage", () => {
    const { dollars } = costOf(usage, prices);
    expect(dollars.transcribeMedical).toBeCloseTo(6);
    expect(dollars.comprehendMedical).toBeCloseTo(5 + 0.5 + 0.5);
    expect(dollars.stepFunctions).toBeCloseTo(0.001);
    expect(dollars.lambda).toBeCloseTo(0.000004 + 0.00002);
    expect(dollars.s3).toBeCloseTo(0.00001 + 0.000002);
  });

  it("leaves out a used service whose price is unconfirmed instead of guessing", () => {
    const cost = costOf(usage, prices);
    expect(cost.unpriced).toEqual(["chimeMediaPipelines"]);
    expect(cost.dollars).not.toHaveProperty("chimeMediaPipelines");
  });

  it("prices a service whose unconfirmed part went unused: no SNOMED CT request, no SNOMED CT price needed", () => {
    expect(costOf(usage, prices).dollars).toHaveProperty("comprehendMedical");
    const withSnomed = { ...usage, comprehendUnits: { ...usage.comprehendUnits, InferSNOMEDCT: 500 } };
    expect(costOf(withSnomed, prices).unpriced).toContain("comprehendMedical");
  });

  it("keeps its date and a source for every price, and no figure where none was confirmed", () => {
    for (const entry of Object.values(PRICES) as Price[]) {
      expect(entry.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(entry.usd === null).toBe(entry.basis === "unconfirmed");
    }
  });

  it("bills Lambda duration by the millisecond, at least one, times the function's memory", () => {
    const invocations = [
      { task: "record-failure", ms: 0 },
      { task: "extract-entities", ms: 999.2 },
    ];
    expect(lambdaGbSeconds(invocations, { "record-failure": 256, "extract-entities": 1024 })).toBeCloseTo(
      0.001 * 0.25 + 1 * 1,
    );
    expect(() => lambdaGbSeconds(invocations, { "record-failure": 256 })).toThrow(/extract-entities/);
  });

  it("sorts S3 calls into the PUT and GET price tiers; DELETE is free", () => {
    expect(
      s3Requests({
        PutObjectCommand: 2,
        PutObjectRetentionCommand: 1,
        GetObjectCommand: 3,
        HeadObjectCommand: 1,
        DeleteObjectCommand: 4,
      }),
    ).toEqual({ put: 3, get: 4 });
  });

  it("counts a consult's usage from its run", () => {
    const run: ConsultRun = {
      minutes: 30,
      ms: 1000,
      floorMs: null,
      executions: [
        { workflow: "attendance", status: "SUCCEEDED", stateTransitions: 2 },
        { workflow: "transcription", status: "SUCCEEDED", stateTransitions: 14 },
      ],
      calls: {
        transcribe: { StartMedicalTranscriptionJobCommand: 1, GetMedicalTranscriptionJobCommand: 2 },
        chime: { CreateMediaCapturePipelineCommand: 1, CreateMediaConcatenationPipelineCommand: 1 },
        s3: { GetObjectCommand: 2, PutObjectCommand: 1 },
      },
      comprehendUnits: { DetectEntitiesV2: 240 },
      lambda: [
        { task: "record-failure", ms: 4 },
        { task: "record-failure", ms: 4 },
      ],
    };
    expect(consultUsage(run, { "record-failure": 512 })).toEqual({
      transcribedMinutes: 30,
      comprehendUnits: { DetectEntitiesV2: 240 },
      stateTransitions: 16,
      lambda: { requests: 2, gbSeconds: 0.004 },
      s3: { put: 1, get: 2 },
      mediaPipelineMinutes: { capture: 30, concatenation: 30 },
    });
  });

  it("reads each task's Lambda memory from the synthesized template", () => {
    const template = {
      Resources: {
        RecordFailure: {
          Type: "AWS::Lambda::Function",
          Properties: { MemorySize: 256, Environment: { Variables: { MEDPIPE_TASK: "record-failure" } } },
        },
        Framework: { Type: "AWS::Lambda::Function", Properties: { MemorySize: 1024 } },
        Bucket: { Type: "AWS::S3::Bucket" },
      },
    };
    expect(lambdaMemoryMb(template)).toEqual({ "record-failure": 256 });
  });
});
