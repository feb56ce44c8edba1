import {
  API_LIMITS,
  type ApiLimit,
  COMPREHEND_APIS,
  type ComprehendApi,
  floorUnits,
  planChunks,
  requestUnits,
} from "@medpipe/core/entities";
import type { Transcript } from "@medpipe/core/transcript";
import { ratio } from "./ratio.js";

/** Billed units ÷ floor units of one API, for the pipeline's request plan and for the per-turn baseline. */
export interface BillingRatio {
  pipeline: number;
  perTurn: number;
}

/**
 * Per Comprehend Medical API, the units the pipeline's request plan is billed ÷ the floor ⌈chars/100⌉, beside
 * the same for a baseline that sends one request per speaker turn, as simple pipelines do.
 *
 * @example
 * billingRatios(transcript).InferRxNorm; // { pipeline: 1, perTurn: 1.9… }
 */
export function billingRatios(transcript: Transcript): Record<ComprehendApi, BillingRatio> {
  const floor = floorUnits(codePointsOf(transcript.text));
  const entries = COMPREHEND_APIS.map((api): [ComprehendApi, BillingRatio] => [
    api,
    {
      pipeline: ratio(billedUnits(planChunks(transcript, api).map((chunk) => chunk.chars)), floor),
      perTurn: ratio(billedUnits(perTurnRequests(transcript, API_LIMITS[api])), floor),
    },
  ]);
  return Object.fromEntries(entries) as Record<ComprehendApi, BillingRatio>;
}

/** Units Comprehend Medical bills requests of these sizes (code points): each at least one unit. */
export function billedUnits(requestChars: readonly number[]): number {
  return requestChars.reduce((units, chars) => units + requestUnits(chars), 0);
}

/**
 * The per-turn baseline's requests, as sizes in code points: one per speaker turn, a turn over the API's limit
 * split greedily into the fewest pieces that fit it.
 *
 * @example
 * perTurnRequests({ text: "Hi.\nHello.", turns }, API_LIMITS.InferRxNorm); // [3, 6]
 */
export function perTurnRequests(transcript: Transcript, limit: ApiLimit): number[] {
  return transcript.turns.flatMap((turn) =>
    piecesWithin(transcript.text.slice(turn.beginOffset, turn.endOffset), limit),
  );
}

/** Sizes in code points of the fewest consecutive pieces of `text` that each fit the limit. */
function piecesWithin(text: string, limit: ApiLimit): number[] {
  const pieces: number[] = [];
  let piece = { chars: 0, bytes: 0, utf16: 0 };
  for (const character of text) {
    const bytes = Buffer.byteLength(character, "utf8");
    const fits =
      (limit.maxBytes === undefined || piece.bytes + bytes <= limit.maxBytes) &&
      (limit.maxChars === undefined || piece.utf16 + character.length <= limit.maxChars);
    if (!fits) {
      pieces.push(piece.chars);
      piece = { chars: 0, bytes: 0, utf16: 0 };
    }
    piece = { chars: piece.chars + 1, bytes: piece.bytes + bytes, utf16: piece.utf16 + character.length };
  }
  if (piece.chars > 0) pieces.push(piece.chars);
  return pieces;
}

/** Unicode code points: what Comprehend Medical counts and bills. */
export function codePointsOf(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
