import {
  API_LIMITS,
  type ApiLimit,
  COMPREHEND_APIS,
  type ComprehendApi,
  planChunks,
} from "@medpipe/core/entities";
import type { Transcript } from "@medpipe/core/transcript";
import { codePointsOf } from "./billing.js";
import { ratio } from "./ratio.js";

/** How big a text is in each unit an API limit may count. */
export interface TextSize {
  /** Unicode code points: the characters Comprehend Medical counts. */
  chars: number;
  /** UTF-8 bytes. */
  bytes: number;
}

/**
 * Per Comprehend Medical API, the requests of the pipeline's plan ÷ the fewest any split could make,
 * ⌈size/limit⌉, with size counted as the API's limit counts it (UTF-8 bytes for DetectEntitiesV2 and
 * InferSNOMEDCT, characters for InferICD10CM and InferRxNorm).
 *
 * @example
 * requestRatios(transcript).DetectEntitiesV2; // 1: three requests for 48 KB under a 20 KB limit
 */
export function requestRatios(transcript: Transcript): Record<ComprehendApi, number> {
  const size = { chars: codePointsOf(transcript.text), bytes: Buffer.byteLength(transcript.text, "utf8") };
  const entries = COMPREHEND_APIS.map((api): [ComprehendApi, number] => [
    api,
    ratio(planChunks(transcript, api).length, fewestRequests(size, API_LIMITS[api])),
  ]);
  return Object.fromEntries(entries) as Record<ComprehendApi, number>;
}

/**
 * ⌈size/limit⌉: the fewest requests that can carry a text of this size under the limit; none for no text.
 *
 * @example
 * fewestRequests({ chars: 48_183, bytes: 48_214 }, API_LIMITS.InferRxNorm); // 5
 */
export function fewestRequests(size: TextSize, limit: ApiLimit): number {
  return Math.max(
    limit.maxBytes === undefined ? 0 : Math.ceil(size.bytes / limit.maxBytes),
    limit.maxChars === undefined ? 0 : Math.ceil(size.chars / limit.maxChars),
  );
}
