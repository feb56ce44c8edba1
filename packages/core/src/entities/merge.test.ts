import { describe, expect, it } from "vitest";
import type { Turn } from "../transcript/turn.js";
import { mergeEntities } from "./merge.js";
import type { Found } from "./response.js";

// "Any chest pain?\nNo, but my blood pressure is high."
const turns: Turn[] = [
  { speaker: "spk_0", startTime: 1, endTime: 2, beginOffset: 0, endOffset: 15 },
  { speaker: "spk_1", startTime: 3, endTime: 5, beginOffset: 16, endOffset: 50 },
];

function found(text: string, beginOffset: number, more: Partial<Found> = {}): Found {
  return {
    category: "MEDICAL_CONDITION",
    type: "DX_NAME",
    text,
    beginOffset,
    endOffset: beginOffset + text.length,
    score: 0.9,
    traits: [],
    attributes: [],
    concepts: [],
    modelVersion: "test",
    ...more,
  };
}
const concept = (code: string, score: number) => ({ code, description: `concept ${code}`, score });

describe("mergeEntities", () => {
  it("attaches an Infer* entity's concepts to the DetectEntitiesV2 entity with the same offsets", () => {
    const [entity, ...rest] = mergeEntities(
      [found("chest pain", 4)],
      [{ source: "icd10cm", found: [found("chest pain", 4, { concepts: [concept("R07.9", 0.8)] })] }],
      turns,
    );
    expect(rest).toEqual([]);
    expect(entity?.concepts).toEqual({ icd10cm: [concept("R07.9", 0.8)], rxnorm: [], snomedct: [] });
  });

  it("attaches to the entity it overlaps most, and between equal overlaps to the one with the same offsets", () => {
    const detected = [
      found("chest", 4, { category: "ANATOMY", type: "SYSTEM_ORGAN_SITE" }),
      found("chest pain", 4),
      found("pain", 10, { category: "ANATOMY" }),
    ];
    const entities = mergeEntities(
      detected,
      [
        // Overlaps "chest pain" by 7, "pain" by 4, "chest" by 3.
        { source: "icd10cm", found: [found("st pain", 7, { concepts: [concept("R07.9", 0.8)] })] },
        // Overlaps "chest pain" and "pain" by 4: "pain" has its offsets, though not its category.
        { source: "snomedct", found: [found("pain", 10, { concepts: [concept("22253000", 0.7)] })] },
      ],
      turns,
    );
    const conceptsOf = (text: string) => entities.find((e) => e.text === text)?.concepts;
    expect(conceptsOf("chest pain")).toEqual({ icd10cm: [concept("R07.9", 0.8)], rxnorm: [], snomedct: [] });
    expect(conceptsOf("pain")).toEqual({ icd10cm: [], rxnorm: [], snomedct: [concept("22253000", 0.7)] });
    expect(conceptsOf("chest")).toEqual({ icd10cm: [], rxnorm: [], snomedct: [] });
    expect(entities.map((e) => e.text)).toEqual(["chest pain", "chest", "pain"]);
  });

  it("prefers the same category between entities of the same offsets", () => {
    const entities = mergeEntities(
      [found("pain", 10, { category: "ANATOMY" }), found("pain", 10)],
      [{ source: "snomedct", found: [found("pain", 10, { concepts: [concept("22253000", 0.7)] })] }],
      turns,
    );
    expect(entities.map((e) => [e.category, e.concepts.snomedct.length])).toEqual([
      ["ANATOMY", 0],
      ["MEDICAL_CONDITION", 1],
    ]);
  });

  it("matches an overlapping entity of another category only when the offsets are the same", () => {
    const entities = mergeEntities(
      [found("chest", 4, { category: "ANATOMY", type: "SYSTEM_ORGAN_SITE" })],
      [{ source: "snomedct", found: [found("chest pain", 4, { concepts: [concept("29857009", 0.8)] })] }],
      turns,
    );
    expect(entities.map((e) => [e.text, e.concepts.snomedct.length])).toEqual([
      ["chest pain", 1],
      ["chest", 0],
    ]);
  });

  it("keeps an Infer* entity no DetectEntitiesV2 entity overlaps as its own, shared by APIs of the same offsets", () => {
    const pressure = (source: string) =>
      found("blood pressure is high", 28, { concepts: [concept(source, 0.6)] });
    const entities = mergeEntities(
      [found("chest pain", 4)],
      [
        { source: "icd10cm", found: [pressure("R03.0")] },
        { source: "snomedct", found: [pressure("24184005")] },
      ],
      turns,
    );
    expect(entities).toHaveLength(2);
    expect(entities[1]).toMatchObject({
      text: "blood pressure is high",
      concepts: { icd10cm: [concept("R03.0", 0.6)], rxnorm: [], snomedct: [concept("24184005", 0.6)] },
    });
  });

  it("lists each concept once with its best score, best first", () => {
    const [entity] = mergeEntities(
      [found("chest pain", 4)],
      [
        {
          source: "icd10cm",
          found: [found("chest pain", 4, { concepts: [concept("R07.9", 0.5), concept("R07.89", 0.6)] })],
        },
        { source: "icd10cm", found: [found("chest pain", 4, { concepts: [concept("R07.9", 0.7)] })] },
      ],
      turns,
    );
    expect(entity?.concepts.icd10cm).toEqual([concept("R07.9", 0.7), concept("R07.89", 0.6)]);
  });

  it("orders entities by offset then type, and their attributes by offset", () => {
    const attribute = (text: string, beginOffset: number) => ({
      type: "SYSTEM_ORGAN_SITE",
      text,
      beginOffset,
      endOffset: beginOffset + text.length,
      score: 0.9,
      relationshipType: null,
      traits: [],
    });
    const entities = mergeEntities(
      [
        found("high", 46),
        found("chest pain", 4, {
          type: "SYMPTOM",
          attributes: [attribute("pain", 10), attribute("chest", 4)],
        }),
        found("chest pain", 4, { type: "DX_NAME" }),
      ],
      [],
      turns,
    );
    expect(entities.map((e) => [e.beginOffset, e.type])).toEqual([
      [4, "DX_NAME"],
      [4, "SYMPTOM"],
      [46, "DX_NAME"],
    ]);
    expect(entities[1]?.attributes.map((a) => a.text)).toEqual(["chest", "pain"]);
  });

  it("gives each entity the speaker and times of the turn it starts in", () => {
    const entities = mergeEntities([found("chest pain", 4), found("blood pressure", 28)], [], turns);
    expect(entities.map((e) => [e.speaker, e.startTime, e.endTime])).toEqual([
      ["spk_0", 1, 2],
      ["spk_1", 3, 5],
    ]);
    const [alone] = mergeEntities([found("chest pain", 4)], [], []);
    expect(alone?.speaker).toBe("spk_unknown");
  });
});
