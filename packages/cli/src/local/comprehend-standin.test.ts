import {
  ComprehendMedicalClient,
  InferICD10CMCommand,
  TextSizeLimitExceededException,
  TooManyRequestsException,
} from "@aws-sdk/client-comprehendmedical";
import { extractEntities } from "@medpipe/core/entities";
import { parseTranscribeOutput } from "@medpipe/core/transcript";
import { unpacedRateBuckets } from "@medpipe/testing/rates";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { comprehendStandin, installComprehendStandin, STANDIN_MODEL_VERSION } from "./comprehend-standin.js";

const consult = "She takes metformin 500 mg twice a day by mouth. No fever, but a cough since Monday.";

describe("the offline Comprehend Medical stand-in", () => {
  it("finds medications with their dosage, frequency and route, and conditions with their traits", () => {
    const { Entities, ModelVersion } = comprehendStandin("DetectEntitiesV2", consult);
    expect(ModelVersion).toBe(STANDIN_MODEL_VERSION);
    expect(Entities?.map((e) => [e.Category, e.Type, e.Text, e.Traits?.map((t) => t.Name)])).toEqual([
      ["MEDICATION", "GENERIC_NAME", "metformin", []],
      ["MEDICAL_CONDITION", "DX_NAME", "fever", ["SIGN", "NEGATION"]],
      ["MEDICAL_CONDITION", "DX_NAME", "cough", ["SYMPTOM"]],
    ]);
    expect(Entities?.[0]?.Attributes?.map((a) => [a.Type, a.Text])).toEqual([
      ["DOSAGE", "500 mg"],
      ["FREQUENCY", "twice a day"],
      ["ROUTE_OR_MODE", "by mouth"],
    ]);
    for (const e of [...(Entities ?? []), ...(Entities?.[0]?.Attributes ?? [])]) {
      expect(consult.slice(e.BeginOffset, e.EndOffset)).toBe(e.Text);
    }
  });

  it("links real codes: RxNorm for medications, ICD-10-CM and SNOMED CT for conditions", () => {
    const rxnorm = comprehendStandin("InferRxNorm", consult).Entities;
    expect(rxnorm?.map((e) => [e.Text, e.RxNormConcepts?.[0]?.Code])).toEqual([["metformin", "6809"]]);
    const icd = comprehendStandin("InferICD10CM", consult).Entities;
    expect(icd?.map((e) => [e.Text, e.ICD10CMConcepts?.[0]?.Code])).toEqual([
      ["fever", "R50.9"],
      ["cough", "R05.9"],
    ]);
    const snomed = comprehendStandin("InferSNOMEDCT", "Chest pain, checked blood pressure.");
    expect(snomed.Entities?.map((e) => [e.Category, e.Text, e.SNOMEDCTConcepts?.[0]?.Code])).toEqual([
      ["MEDICAL_CONDITION", "Chest pain", "29857009"],
      ["TEST_TREATMENT_PROCEDURE", "blood pressure", "75367002"],
    ]);
    expect(snomed.Characters?.OriginalTextCharacters).toBe(35);
  });

  it("reports offsets in code points, as the service documents them", () => {
    const [entity] =
      comprehendStandin("DetectEntitiesV2", "😷 fever with 25 µg levothyroxine").Entities ?? [];
    expect(entity).toMatchObject({ Text: "fever", BeginOffset: 2, EndOffset: 7 });
  });

  it("refuses text over the API's size limit", () => {
    expect(() => comprehendStandin("InferRxNorm", "a".repeat(10_001))).toThrow(
      TextSizeLimitExceededException,
    );
    expect(() => comprehendStandin("InferSNOMEDCT", "é".repeat(2_501))).toThrow(
      TextSizeLimitExceededException,
    );
  });

  describe("installed on a mocked client", () => {
    const comprehend = mockClient(ComprehendMedicalClient);
    afterEach(() => comprehend.reset());
    afterAll(() => comprehend.restore());

    it("lets the production extractor run offline", async () => {
      installComprehendStandin(comprehend);
      const transcript = parseTranscribeOutput({
        results: {
          items: consult.split(" ").map((content, i) => ({
            type: "pronunciation",
            start_time: String(i),
            end_time: String(i + 0.5),
            alternatives: [{ content }],
          })),
        },
      });
      const document = await extractEntities({
        meetingId: "m-1",
        jobName: "job-1",
        transcript,
        client: new ComprehendMedicalClient({ region: "eu-west-1" }),
        rates: unpacedRateBuckets,
        snomedct: true,
        now: new Date(0),
      });
      expect(
        document.entities.map((e) => [e.text, e.concepts.rxnorm[0]?.code ?? e.concepts.icd10cm[0]?.code]),
      ).toEqual([
        ["metformin", "6809"],
        ["fever", "R50.9"],
        ["cough", "R05.9"],
      ]);
      expect(document.entities[1]?.concepts.snomedct[0]?.code).toBe("386661006");
    });

    it("throttles past the characters-per-second quota, and keeps the most characters answered in one second", async () => {
      vi.useFakeTimers({ now: new Date("2026-06-01T10:00:00Z") });
      try {
        const standin = installComprehendStandin(comprehend);
        const client = new ComprehendMedicalClient({ region: "eu-west-1" });
        const request = () => client.send(new InferICD10CMCommand({ Text: "fever ".repeat(1_666) }));
        for (let i = 0; i < 4; i++) await request();
        await expect(request()).rejects.toThrow(TooManyRequestsException);
        vi.setSystemTime(Date.now() + 1_000);
        await request();
        expect(standin.count).toBe(1);
        expect(standin.peakCharactersPerSecond.InferICD10CM).toBe(4 * 9_996);
        expect(standin.peakRequestsPerSecond.InferICD10CM).toBe(4);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
