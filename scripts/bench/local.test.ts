import { describe, expect, it } from "vitest";
import { localTiming } from "./local.js";
import { ratio } from "./ratio.js";

describe("local timing", () => {
  it("rates the pipeline's wall time against the floor's", () => {
    expect(localTiming(3_600, 1_200)).toEqual({ ms: 3_600, floorMs: 1_200, ratio: 3 });
  });

  it("rates nothing against a floor of nothing as the floor itself", () => {
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(1, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
