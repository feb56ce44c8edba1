import { BILLING_UNIT_CHARS, MIN_UNITS_PER_REQUEST } from "./limits.js";

/** What one API's requests for a transcript cost, beside the least any split of the text could cost. */
export interface ApiUsage {
  requests: number;
  /** Σ max(1, ⌈chars/100⌉) over the requests. */
  billedUnits: number;
  /** max(1, ⌈chars/100⌉) for the whole transcript: what one request without a size limit would cost. */
  floorUnits: number;
}

/**
 * Units Comprehend Medical bills one request of `chars` characters.
 *
 * @example
 * requestUnits(1); // 1
 * requestUnits(101); // 2
 */
export function requestUnits(chars: number): number {
  return Math.max(MIN_UNITS_PER_REQUEST, Math.ceil(chars / BILLING_UNIT_CHARS));
}

/** The fewest units any split of `chars` characters can be billed; no text is no request and costs nothing. */
export function floorUnits(chars: number): number {
  return chars === 0 ? 0 : requestUnits(chars);
}

/** The usage of requests of the given sizes (in characters) that together send a text of `totalChars`. */
export function usageOf(requestChars: readonly number[], totalChars: number): ApiUsage {
  return {
    requests: requestChars.length,
    billedUnits: requestChars.reduce((units, chars) => units + requestUnits(chars), 0),
    floorUnits: floorUnits(totalChars),
  };
}
