import { API_LIMITS } from "@medpipe/core/entities";
import type { Transcript } from "@medpipe/core/transcript";
import { describe, expect, it } from "vitest";
import { fewestRequests, requestRatios } from "./requests.js";

describe("request ratios", () => {
  it("counts the fewest requests in the unit the API's limit counts", () => {
    const size = { chars: 48_183, bytes: 48_214 };
    expect(fewestRequests(size, API_LIMITS.DetectEntitiesV2)).toBe(3); // 19,999 bytes
    expect(fewestRequests(size, API_LIMITS.InferICD10CM)).toBe(5); // 10,000 characters
    expect(fewestRequests(size, API_LIMITS.InferSNOMEDCT)).toBe(10); // 5,000 bytes
  });

  it("needs no request for no text", () => {
    expect(fewestRequests({ chars: 0, bytes: 0 }, API_LIMITS.InferRxNorm)).toBe(0);
  });

  it("rates a short consult's single request per API at 1", () => {
    const transcript: Transcript = {
      text: "25 µg daily.",
      turns: [{ speaker: "spk_1", startTime: 0, endTime: 1, beginOffset: 0, endOffset: 12 }],
    };
    expect(requestRatios(transcript)).toEqual({
      DetectEntitiesV2: 1,
      InferICD10CM: 1,
      InferRxNorm: 1,
      InferSNOMEDCT: 1,
    });
  });
});
