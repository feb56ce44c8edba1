import { describe, expect, it } from "vitest";
import { rlsFigure } from "./rls.js";

const run = (node: string, ms: number) => ({
  rows: 20,
  scans: [
    { node: "Index Only Scan", relation: "attendance" },
    { node, relation: "medical_entities" },
  ],
  ms,
});

describe("row level security figure", () => {
  it("names each policy's scan of medical_entities and rates their median times", () => {
    const figure = rlsFigure(
      { meetings: 5_000, entitiesPerMeeting: 20 },
      [run("Seq Scan", 7), run("Seq Scan", 8), run("Seq Scan", 30)],
      [run("Bitmap Heap Scan", 1), run("Bitmap Heap Scan", 2), run("Bitmap Heap Scan", 1.5)],
    );
    expect(figure).toEqual({
      meetings: 5_000,
      entities: 100_000,
      rows: 20,
      before: { scan: "Seq Scan", ms: 8 },
      after: { scan: "Bitmap Heap Scan", ms: 1.5 },
      ratio: 8 / 1.5,
    });
  });
});
