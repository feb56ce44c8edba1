import { describe, expect, it } from "vitest";
import { floorUnits, requestUnits, usageOf } from "./billing.js";

describe("billing", () => {
  it("bills a request in started units of 100 characters, at least one", () => {
    expect([1, 99, 100, 101, 200, 10_000].map(requestUnits)).toEqual([1, 1, 1, 2, 2, 100]);
    expect(requestUnits(0)).toBe(1);
  });

  it("counts the floor for the whole text, and nothing for no text", () => {
    expect(floorUnits(250)).toBe(3);
    expect(floorUnits(0)).toBe(0);
  });

  it("adds up what split requests cost: 150 + 150 characters bill 4 units where 300 bill 3", () => {
    expect(usageOf([150, 150], 300)).toEqual({ requests: 2, billedUnits: 4, floorUnits: 3 });
    expect(usageOf([200, 100], 300)).toEqual({ requests: 2, billedUnits: 3, floorUnits: 3 });
    expect(usageOf([], 0)).toEqual({ requests: 0, billedUnits: 0, floorUnits: 0 });
  });
});
