import type { Transcript } from "@medpipe/core/transcript";
import { describe, expect, it } from "vitest";
import { billedUnits, billingRatios, codePointsOf, perTurnRequests } from "./billing.js";

/** Two speakers, three short turns, with the multi-byte characters of a real consult. */
function tinyConsult(): Transcript {
  const turns = ["How much levothyroxine do you take?", "25 µg daily.", "Any fever over 100.4°F?"];
  let text = "";
  return {
    turns: turns.map((turnText, i) => {
      if (i > 0) text += "\n";
      const beginOffset = text.length;
      text += turnText;
      return { speaker: `spk_${i % 2}`, startTime: i, endTime: i + 1, beginOffset, endOffset: text.length };
    }),
    get text() {
      return text;
    },
  };
}

describe("billing ratios", () => {
  it("sends one request per turn in the baseline, sized in code points", () => {
    expect(perTurnRequests(tinyConsult(), { maxChars: 10_000, maxInFlight: 10 })).toEqual([35, 12, 23]);
  });

  it("splits a baseline turn over the API's limit into the fewest pieces that fit, counting UTF-8 bytes", () => {
    // "25 µg daily." is 12 code points but 13 bytes: µ takes two, so "25 µ" already fills 5 bytes.
    const transcript = {
      text: "25 µg daily.",
      turns: [{ ...tinyConsult().turns[0], beginOffset: 0, endOffset: 12 }],
    };
    expect(perTurnRequests(transcript as Transcript, { maxBytes: 5, maxInFlight: 2 })).toEqual([4, 5, 3]);
  });

  it("bills each request at least one unit of 100 characters", () => {
    expect(billedUnits([35, 12, 23])).toBe(3);
    expect(billedUnits([100, 101])).toBe(3);
  });

  it("puts the pipeline's plan at the floor where one request per turn pays a unit per turn", () => {
    const transcript = tinyConsult();
    expect(codePointsOf(transcript.text)).toBe(72);
    for (const ratio of Object.values(billingRatios(transcript))) {
      expect(ratio).toEqual({ pipeline: 1, perTurn: 3 });
    }
  });
});
