import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consultArbitrary, syntheticConsult, transcriptOf } from "../transcript/consult.fixture.js";
import type { Transcript } from "../transcript/turn.js";
import { floorUnits, requestUnits } from "./billing.js";
import { type Chunk, chunkPlanner, chunksWithin, planChunks } from "./chunk.js";
import { API_LIMITS, type ApiLimit, COMPREHEND_APIS } from "./limits.js";

const bytesOf = (s: string): number => Buffer.byteLength(s, "utf8");
const codePointsOf = (s: string): number => [...s].length;
const slices = (t: Transcript, chunks: Chunk[]): string[] => chunks.map((c) => t.text.slice(c.begin, c.end));
const billed = (chunks: Chunk[]): number => chunks.reduce((units, c) => units + requestUnits(c.chars), 0);

function expectValidPlan(transcript: Transcript, chunks: Chunk[], limit: ApiLimit): void {
  const { text } = transcript;
  expect(slices(transcript, chunks).join("")).toBe(text);
  chunks.forEach((chunk, i) => {
    expect(chunk.begin).toBe(i === 0 ? 0 : chunks[i - 1]?.end);
    const slice = text.slice(chunk.begin, chunk.end);
    expect(slice.length).toBeGreaterThan(0);
    expect(chunk.chars).toBe(codePointsOf(slice));
    expect(chunk.bytes).toBe(bytesOf(slice));
    if (limit.maxBytes !== undefined) expect(chunk.bytes).toBeLessThanOrEqual(limit.maxBytes);
    if (limit.maxChars !== undefined) expect(slice.length).toBeLessThanOrEqual(limit.maxChars);
    // A cut between the halves of a surrogate pair would send the service two broken characters.
    expect(/^[\uDC00-\uDFFF]/.test(slice)).toBe(false);
    expect(/[\uD800-\uDBFF]$/.test(slice)).toBe(false);
  });
  expect(chunks.at(-1)?.end ?? 0).toBe(text.length);
}

/** Limits small enough that random consults need many requests; still room for 100 code points of 4 bytes. */
const smallLimit: fc.Arbitrary<ApiLimit> = fc.oneof(
  fc.integer({ min: 400, max: 3_000 }).map((maxBytes) => ({ maxBytes, maxInFlight: 1 })),
  fc.integer({ min: 200, max: 1_500 }).map((maxChars) => ({ maxChars, maxInFlight: 1 })),
);

describe("planChunks", () => {
  it("covers random multi-byte consults exactly, within the limit, billed exactly the floor", () => {
    fc.assert(
      fc.property(consultArbitrary(), smallLimit, (transcript, limit) => {
        const chunks = chunksWithin(transcript, limit);
        expectValidPlan(transcript, chunks, limit);
        expect(billed(chunks)).toBe(floorUnits(codePointsOf(transcript.text)));
      }),
      { numRuns: 300 },
    );
  });

  it("plans every API of long random consults within that API's own limit, at the floor", () => {
    fc.assert(
      fc.property(consultArbitrary(120, 120), (transcript) => {
        for (const api of COMPREHEND_APIS) {
          const chunks = planChunks(transcript, api);
          expectValidPlan(transcript, chunks, API_LIMITS[api]);
          expect(billed(chunks)).toBe(floorUnits(codePointsOf(transcript.text)));
        }
      }),
      { numRuns: 20 },
    );
  });

  it("keeps the guarantee for every configured limit: 100 code points of 4 bytes fit in one request", () => {
    for (const limit of Object.values(API_LIMITS)) {
      expect(limit.maxBytes ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(400);
      expect(limit.maxChars ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(200);
    }
  });

  it("sends a text that fits as one request, and no text as none", () => {
    const short = transcriptOf([{ speaker: "spk_0", words: ["Any", "fever?"] }]);
    expect(planChunks(short, "DetectEntitiesV2")).toEqual([{ begin: 0, end: 10, chars: 10, bytes: 10 }]);
    expect(planChunks({ text: "", turns: [] }, "InferRxNorm")).toEqual([]);
  });

  it("cuts between turns when a turn boundary falls where billing allows a cut", () => {
    // The second turn starts at 6,000 (after the newline): a multiple of 100, so a cut there costs no unit.
    const first = "word ".repeat(1_200).slice(0, 5_999);
    const transcript = transcriptOf([
      { speaker: "spk_0", words: first.split(" ") },
      { speaker: "spk_1", words: first.split(" ") },
    ]);
    expect(transcript.turns[1]?.beginOffset).toBe(6_000);
    expect(planChunks(transcript, "InferICD10CM").map((c) => [c.begin, c.end])).toEqual([
      [0, 6_000],
      [6_000, 11_999],
    ]);
  });

  it("cuts after a sentence rather than between words, and between words rather than inside one", () => {
    const firstCut = (text: string) => planChunks(oneTurn(text), "InferRxNorm")[0]?.end;
    // Every multiple of 100 falls between two words; only 3,100 also follows a full stop.
    expect(firstCut(`${"word ".repeat(619)}end. ${"word ".repeat(1_800)}`)).toBe(3_100);
    // Only 9,800 falls beside a space.
    expect(firstCut(`${"x".repeat(9_799)} ${"y".repeat(3_000)}`)).toBe(9_800);
    // No multiple of 100 falls beside a space: a word has to be cut, once.
    const noChoice = oneTurn(`${"x".repeat(9_950)} ${"y".repeat(3_000)}`);
    expect(planChunks(noChoice, "InferRxNorm")).toHaveLength(2);
  });

  it("cuts CJK text with no spaces after a full-width full stop", () => {
    const cjk = `${"糖".repeat(1_599)}。${"尿".repeat(3_000)}`;
    const chunks = chunksWithin({ text: cjk, turns: [] }, { maxBytes: 5_000, maxInFlight: 2 });
    expect(chunks[0]?.end).toBe(1_600);
  });

  it("bills a 60-minute two-speaker consult at the floor, far below one request per turn", () => {
    const consult = syntheticConsult(60);
    const chars = codePointsOf(consult.text);
    const perTurn = consult.turns.reduce((units, t) => units + requestUnits(t.endOffset - t.beginOffset), 0);
    for (const api of COMPREHEND_APIS) {
      const chunks = planChunks(consult, api);
      expectValidPlan(consult, chunks, API_LIMITS[api]);
      expect(billed(chunks) / floorUnits(chars)).toBeLessThanOrEqual(1.005);
      expect(billed(chunks)).toBeLessThan(perTurn);
      // Cut preferences cost at most one request more than the fewest the limit allows.
      const limit = API_LIMITS[api];
      const fewest = Math.ceil(
        limit.maxBytes ? bytesOf(consult.text) / limit.maxBytes : consult.text.length / (limit.maxChars ?? 1),
      );
      expect(chunks.length).toBeLessThanOrEqual(fewest + 1);
    }
  });

  it("plans every API of one transcript as each would be planned alone", () => {
    const consult = syntheticConsult(30);
    const plan = chunkPlanner(consult);
    for (const api of COMPREHEND_APIS) {
      expect(plan(api), api).toEqual(chunksWithin(consult, API_LIMITS[api]));
    }
  });
});

function oneTurn(text: string): Transcript {
  return {
    text,
    turns: [{ speaker: "spk_0", startTime: 0, endTime: 1, beginOffset: 0, endOffset: text.length }],
  };
}
