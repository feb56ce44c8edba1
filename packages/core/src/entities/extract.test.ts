import { readFileSync } from "node:fs";
import {
  ComprehendMedicalClient,
  DetectEntitiesV2Command,
  type DetectEntitiesV2Response,
  InferICD10CMCommand,
  InferRxNormCommand,
  InferSNOMEDCTCommand,
  InvalidRequestException,
  type RxNormEntity,
  TooManyRequestsException,
} from "@aws-sdk/client-comprehendmedical";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { memoryRateBuckets, unpacedRateBuckets } from "@medpipe/testing/rates";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RateBuckets } from "../capacity/rate.js";
import { SinkUnavailableError } from "../sink/sink-error.js";
import { consultArbitrary, syntheticConsult, transcriptOf } from "../transcript/consult.fixture.js";
import type { Transcript } from "../transcript/turn.js";
import { planChunks } from "./chunk.js";
import { entitiesDocumentSchema } from "./document.js";
import { ComprehendRequestError, ComprehendResponseError } from "./errors.js";
import { extractEntities } from "./extract.js";
import { virtualPace } from "./pace.fixture.js";

const reference = <T>(name: string): T =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../fixtures/aws-reference/comprehendmedical/${name}`, import.meta.url),
      "utf8",
    ),
  );

const client = new ComprehendMedicalClient({ region: "eu-west-1" });
const comprehend = mockClient(client);
const none = { Entities: [], ModelVersion: "test" };

beforeEach(() => {
  comprehend.reset();
  comprehend.onAnyCommand().resolves(none);
});
afterEach(() => comprehend.reset());

const base = {
  meetingId: "meeting-1",
  jobName: "job-1",
  client,
  snomedct: false,
  rates: unpacedRateBuckets,
  now: new Date("2024-05-01T10:00:00Z"),
};

function extract(transcript: Transcript, more: Partial<Parameters<typeof extractEntities>[0]> = {}) {
  return extractEntities({ ...base, transcript, pace: virtualPace(), ...more });
}

/** Entities of a reference response moved by `by` characters, as if its text sat `by` into the request. */
function moved<T extends { BeginOffset?: number; EndOffset?: number; Attributes?: unknown[] }>(
  entities: T[],
  by: number,
): T[] {
  const move = <S extends { BeginOffset?: number; EndOffset?: number }>(s: S): S => ({
    ...s,
    BeginOffset: (s.BeginOffset ?? 0) + by,
    EndOffset: (s.EndOffset ?? 0) + by,
  });
  return entities.map((e) => ({ ...move(e), Attributes: (e.Attributes ?? []).map((a) => move(a as T)) }));
}

describe("extractEntities", () => {
  it("turns the documented DetectEntitiesV2 response into an entity with exact offsets, speaker and times", async () => {
    const transcript = transcriptOf([
      { speaker: "spk_0", words: "Any medicines?".split(" ") },
      { speaker: "spk_1", words: "aspirin is taken as 20 mg po daily for 2 times as tab".split(" ") },
    ]);
    const sample = reference<DetectEntitiesV2Response>("DetectEntitiesV2.response.json");
    comprehend
      .on(DetectEntitiesV2Command)
      .resolves({ ...sample, Entities: moved(sample.Entities ?? [], 15) });

    const document = await extract(transcript);

    expect(document.entities).toHaveLength(1);
    const [aspirin] = document.entities;
    expect(aspirin).toMatchObject({
      category: "MEDICATION",
      type: "GENERIC_NAME",
      text: "aspirin",
      beginOffset: 15,
      endOffset: 22,
      speaker: "spk_1",
      startTime: transcript.turns[1]?.startTime,
      endTime: transcript.turns[1]?.endTime,
      concepts: { icd10cm: [], rxnorm: [], snomedct: [] },
    });
    expect(aspirin?.attributes.map((a) => [a.type, a.text, a.relationshipType])).toEqual([
      ["DOSAGE", "20 mg", null],
      ["ROUTE_OR_MODE", "po", null],
      ["FREQUENCY", "daily", null],
      ["DURATION", "2 times", null],
      ["FORM", "tab", null],
    ]);
    for (const a of aspirin?.attributes ?? [])
      expect(document.text.slice(a.beginOffset, a.endOffset)).toBe(a.text);
    expect(document).toMatchObject({
      meetingId: "meeting-1",
      jobName: "job-1",
      text: transcript.text,
      turns: transcript.turns,
      createdAt: "2024-05-01T10:00:00.000Z",
      comprehend: {
        DetectEntitiesV2: { requests: 1, billedUnits: 1, floorUnits: 1 },
        InferICD10CM: { requests: 1, billedUnits: 1, floorUnits: 1 },
        InferRxNorm: { requests: 1, billedUnits: 1, floorUnits: 1 },
      },
    });
    expect(document.comprehend).not.toHaveProperty("InferSNOMEDCT");
    expect(comprehend).toHaveReceivedCommandWith(DetectEntitiesV2Command, { Text: transcript.text });
    expect(comprehend).not.toHaveReceivedCommand(InferSNOMEDCTCommand);
  });

  it("attaches the RxNorm concepts of the documented warfarin response to the detected medication", async () => {
    const transcript = transcriptOf([
      { speaker: "spk_0", words: "patient no longer taking warfarin".split(" ") },
    ]);
    // The developer guide's sample names concept fields ConceptId and ConceptName; the API (and SDK) says Code
    // and Description. Its entity, with the API's field names:
    type GuideEntity = Omit<RxNormEntity, "RxNormConcepts"> & {
      RxNormConcepts: Array<{ ConceptId: string; ConceptName: string; Score: number }>;
    };
    const sample = reference<GuideEntity[]>("InferRxNorm.response.warfarin.entities-array.json");
    const rxnorm = sample.map((e) => ({
      ...e,
      RxNormConcepts: e.RxNormConcepts.map((c) => ({
        Code: c.ConceptId,
        Description: c.ConceptName,
        Score: c.Score,
      })),
    }));
    comprehend.on(InferRxNormCommand).resolves({ Entities: rxnorm });
    const detected = { ...rxnorm[0], RxNormConcepts: undefined };
    comprehend.on(DetectEntitiesV2Command).resolves({ Entities: [detected], ModelVersion: "test" });

    const [warfarin, ...others] = (await extract(transcript)).entities;

    expect(others).toEqual([]);
    expect(warfarin).toMatchObject({ text: "warfarin", beginOffset: 25, traits: [{ name: "NEGATION" }] });
    expect(warfarin?.concepts.rxnorm.map((c) => c.code)).toEqual([
      "11289",
      "855302",
      "855318",
      "855338",
      "855314",
    ]);
    expect(warfarin?.concepts.rxnorm[0]).toEqual({
      code: "11289",
      description: "Warfarin",
      score: 0.9439864158630371,
    });
  });

  it("drops concepts that carry no Code, as the developer guide's RxNorm sample would arrive", async () => {
    const transcript = transcriptOf([
      { speaker: "spk_0", words: "patient no longer taking warfarin".split(" ") },
    ]);
    const sample = reference<RxNormEntity[]>("InferRxNorm.response.warfarin.entities-array.json");
    comprehend.on(InferRxNormCommand).resolves({ Entities: sample });
    const [warfarin] = (await extract(transcript)).entities;
    expect(warfarin).toMatchObject({ text: "warfarin", concepts: { rxnorm: [] } });
  });

  it("links SNOMED CT concepts only when enabled, from the documented InferSNOMEDCT response", async () => {
    const text = "HEENT:  Boggy inferior turbinates.  No oropharyngeal lesion.";
    const transcript = transcriptOf([{ speaker: "spk_0", words: [text] }]);
    comprehend.on(InferSNOMEDCTCommand).resolves(reference("InferSNOMEDCT.response.json"));
    comprehend.on(DetectEntitiesV2Command).resolves({
      Entities: [
        {
          Category: "ANATOMY",
          Type: "SYSTEM_ORGAN_SITE",
          Text: "turbinates",
          BeginOffset: 23,
          EndOffset: 33,
          Score: 0.9,
        },
      ],
      ModelVersion: "test",
    });

    const document = await extract(transcript, { snomedct: true });

    expect(document.comprehend.InferSNOMEDCT).toEqual({
      requests: 1,
      billedUnits: 1,
      floorUnits: 1,
      modelVersions: ["0.0.1"],
    });
    // Each entity carries the model version of the response it came from.
    expect(new Set(document.entities.map((e) => e.modelVersion))).toEqual(new Set(["0.0.1", "test"]));
    expect(document.entities.map((e) => [e.text, e.concepts.snomedct[0]?.code])).toEqual([
      ["HEENT", "69536005"],
      ["Boggy inferior turbinates", "254477009"],
      ["turbinates", "310607007"],
      ["oropharyngeal lesion", "31389004"],
      ["oropharyngeal", "31389004"],
    ]);
    for (const e of document.entities) expect(text.slice(e.beginOffset, e.endOffset)).toBe(e.text);
  });

  it("sends a long consult in chunks and maps every entity back to its exact place in the whole text", async () => {
    const transcript = syntheticConsult(30);
    comprehend
      .on(DetectEntitiesV2Command)
      .callsFake(({ Text }) => wordsAsEntities(Text, /metformin|µg|😷|糖尿病/gu));

    const document = await extract(transcript);

    const expected = [...transcript.text.matchAll(/metformin|µg|😷|糖尿病/gu)].map((m) => m.index);
    expect(planChunks(transcript, "DetectEntitiesV2").length).toBeGreaterThan(1);
    expect(document.entities.map((e) => e.beginOffset)).toEqual(expected);
    for (const e of document.entities) {
      expect(document.text.slice(e.beginOffset, e.endOffset)).toBe(e.text);
      const turn = transcript.turns.find((t) => t.beginOffset <= e.beginOffset && e.endOffset <= t.endOffset);
      expect([e.speaker, e.startTime, e.endTime]).toEqual([turn?.speaker, turn?.startTime, turn?.endTime]);
    }
  });

  it("maps offsets exactly for random multi-byte consults, whatever the chunks", async () => {
    await fc.assert(
      fc.asyncProperty(consultArbitrary(60, 80), async (transcript) => {
        comprehend.reset();
        comprehend.onAnyCommand().callsFake(({ Text }) => wordsAsEntities(Text, /\S+/gu));
        const document = await extract(transcript);
        entitiesDocumentSchema.parse(document);
        for (const e of document.entities)
          expect(document.text.slice(e.beginOffset, e.endOffset)).toBe(e.text);
        const spans = document.entities.map((e) => `${e.beginOffset}:${e.endOffset}`);
        expect(new Set(spans).size).toBe(spans.length);
      }),
      { numRuns: 40 },
    );
  });

  it("calls nothing for a consult in which nobody spoke", async () => {
    const document = await extract({ text: "", turns: [] }, { snomedct: true });
    expect(comprehend.calls()).toEqual([]);
    expect(document.entities).toEqual([]);
    expect(document.comprehend.InferSNOMEDCT).toEqual({
      requests: 0,
      billedUnits: 0,
      floorUnits: 0,
      modelVersions: [],
    });
  });

  it("retries a throttled request after a backoff and bills it once", async () => {
    const transcript = transcriptOf([{ speaker: "spk_0", words: ["fever"] }]);
    const throttled = new TooManyRequestsException({ message: "Rate exceeded", $metadata: {} });
    comprehend.on(InferICD10CMCommand).rejectsOnce(throttled).resolves(none);
    const pace = virtualPace();

    const document = await extract(transcript, { pace, retry: { random: () => 0.5 } });

    expect(comprehend).toHaveReceivedCommandTimes(InferICD10CMCommand, 2);
    expect(pace.sleeps.filter((ms) => ms > 0)).toEqual([50]);
    expect(document.comprehend.InferICD10CM).toEqual({
      requests: 1,
      billedUnits: 1,
      floorUnits: 1,
      modelVersions: ["test"],
    });
  });

  it("paces InferSNOMEDCT at its 2 requests a second through the shared rate buckets", async () => {
    const transcript = syntheticConsult(30);
    const pace = virtualPace();
    const sent: number[] = [];
    comprehend.on(InferSNOMEDCTCommand).callsFake(() => {
      sent.push(pace.now());
      return none;
    });

    await extract(transcript, { pace, snomedct: true, rates: memoryRateBuckets(pace.now) });

    expect(sent.length).toBe(planChunks(transcript, "InferSNOMEDCT").length);
    expect(sent.length).toBeGreaterThan(2);
    for (const at of sent) expect(sent.filter((t) => t > at - 1000 && t <= at).length).toBeLessThanOrEqual(2);
  });

  it("keeps two consults extracted at once under the account's quota together, not each", async () => {
    const pace = virtualPace();
    const rates = memoryRateBuckets(pace.now);
    const sent: number[] = [];
    comprehend.on(InferSNOMEDCTCommand).callsFake(() => {
      sent.push(pace.now());
      return none;
    });

    await Promise.all(
      ["meeting-1", "meeting-2"].map((meetingId) =>
        extract(syntheticConsult(20), { meetingId, pace, snomedct: true, rates }),
      ),
    );

    expect(sent.length).toBe(2 * planChunks(syntheticConsult(20), "InferSNOMEDCT").length);
    for (const at of sent) expect(sent.filter((t) => t > at - 1000 && t <= at).length).toBeLessThanOrEqual(2);
  });

  it("takes its turn again for a retried request, which spends the quota again", async () => {
    const transcript = transcriptOf([{ speaker: "spk_0", words: ["fever"] }]);
    const throttled = new TooManyRequestsException({ message: "Rate exceeded", $metadata: {} });
    comprehend.on(InferICD10CMCommand).rejectsOnce(throttled).resolves(none);
    const pace = virtualPace();
    const rates = memoryRateBuckets(pace.now);

    await extract(transcript, { pace, rates, retry: { random: () => 0.5 } });

    const icd10 = rates.reservations.filter((r) => r.name === "comprehend:InferICD10CM:requests");
    expect(icd10).toHaveLength(2);
  });

  it("asks the rate buckets again while their database does not answer, and then fails as the sink, not as Comprehend", async () => {
    const transcript = transcriptOf([{ speaker: "spk_0", words: ["fever"] }]);
    const pace = virtualPace();
    const busy = () => new SinkUnavailableError("reserve_rate", null, null, 503);
    let refusals = 2;
    const flaky: RateBuckets = {
      async reserve() {
        if (refusals-- > 0) throw busy();
        return 0;
      },
    };
    await expect(extract(transcript, { pace, rates: flaky })).resolves.toMatchObject({
      meetingId: "meeting-1",
    });

    const down: RateBuckets = {
      async reserve() {
        throw busy();
      },
    };
    const error = await extract(transcript, { pace: virtualPace(), rates: down }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkUnavailableError);
    expect(comprehend.commandCalls(InferICD10CMCommand)).toHaveLength(1);
  });

  it("fails with the API and AWS error code on a non-retryable error, and sends nothing after", async () => {
    const transcript = syntheticConsult(30);
    const invalid = new InvalidRequestException({
      message: "text: metformin",
      $metadata: { httpStatusCode: 400 },
    });
    comprehend.on(InferSNOMEDCTCommand).rejects(invalid);

    const pace = virtualPace();
    const error = await extract(transcript, { snomedct: true, pace }).catch((e: unknown) => e);
    await pace.settled();

    expect(error).toBeInstanceOf(ComprehendRequestError);
    expect(error).toMatchObject({
      meetingId: "meeting-1",
      api: "InferSNOMEDCT",
      code: "InvalidRequestException",
    });
    expect((error as Error).message).not.toContain("metformin");
    expect(comprehend.commandCalls(InferSNOMEDCTCommand).length).toBeLessThan(
      planChunks(transcript, "InferSNOMEDCT").length,
    );
  });

  it("refuses a response whose offsets do not index its entity's text", async () => {
    const transcript = transcriptOf([{ speaker: "spk_0", words: ["fever", "today"] }]);
    comprehend.on(InferICD10CMCommand).resolves({
      Entities: [
        {
          Category: "MEDICAL_CONDITION",
          Type: "DX_NAME",
          Text: "fever",
          BeginOffset: 1,
          EndOffset: 6,
          Score: 1,
        },
      ],
    });
    await expect(extract(transcript)).rejects.toThrow(ComprehendResponseError);
    await expect(extract(transcript)).rejects.toMatchObject({ api: "InferICD10CM", field: "Entities[0]" });
  });

  it("reads offsets given in UTF-16 code units as well as in code points", async () => {
    const transcript = transcriptOf([{ speaker: "spk_0", words: ["😷", "fever"] }]);
    const fever = (offset: number) => ({
      Entities: [
        {
          Category: "MEDICAL_CONDITION" as const,
          Type: "DX_NAME" as const,
          Text: "fever",
          BeginOffset: offset,
          EndOffset: offset + 5,
          Score: 1,
        },
      ],
    });
    comprehend
      .on(InferICD10CMCommand)
      .resolves(fever(2))
      .on(DetectEntitiesV2Command)
      .resolves({ ...fever(3), ModelVersion: "test" });
    const document = await extract(transcript);
    expect(document.entities.map((e) => [e.text, e.beginOffset])).toEqual([["fever", 3]]);
  });
});

/** A fake response: every match of `pattern` in the request text as an entity, offsets in code points. */
function wordsAsEntities(text: string, pattern: RegExp): DetectEntitiesV2Response {
  const Entities = [...text.matchAll(pattern)].map((m) => {
    const begin = [...text.slice(0, m.index)].length;
    return {
      Category: "MEDICATION" as const,
      Type: "GENERIC_NAME" as const,
      Text: m[0],
      BeginOffset: begin,
      EndOffset: begin + [...m[0]].length,
      Score: 0.9,
      Traits: [],
      Attributes: [],
    };
  });
  return { Entities, ModelVersion: "test" };
}
