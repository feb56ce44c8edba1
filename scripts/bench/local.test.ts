import { describe, expect, it } from "vitest";
import { localTiming } from "./local.js";
import { ratio } from "./ratio.js";

describe("local timing", () => {
  it("rates the pipeline's wall time against the floor's", () => {
    const runs = [{ ms: 3_600, floorMs: 1_200 }];
    expect(localTiming(runs)).toEqual({
      ms: 3_600,
      floorMs: 1_200,
      ratio: 3,
      spread: { lowest: 3, highest: 3 },
      runs,
    });
  });

  it("reports the spread of the runs' own ratios beside the ratio of the medians", () => {
    const runs = [
      { ms: 2_500, floorMs: 1_000 },
      { ms: 3_100, floorMs: 1_000 },
      { ms: 3_000, floorMs: 1_000 },
    ];
    expect(localTiming(runs)).toMatchObject({ ratio: 3, spread: { lowest: 2.5, highest: 3.1 } });
  });

  it("takes the median of each side over the runs, so that one slowed run does not decide the figure", () => {
    const runs = [
      { ms: 3_000, floorMs: 1_000 },
      { ms: 9_000, floorMs: 1_100 },
      { ms: 3_300, floorMs: 3_000 },
    ];
    expect(localTiming(runs)).toMatchObject({ ms: 3_300, floorMs: 1_100, ratio: 3 });
    expect(localTiming(runs.slice(0, 2))).toMatchObject({ ms: 6_000, floorMs: 1_050 });
  });

  it("rates nothing against a floor of nothing as the floor itself", () => {
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(1, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
