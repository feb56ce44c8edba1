import type { Transcript } from "../transcript/turn.js";
import { type ApiUsage, usageOf } from "./billing.js";
import { planChunks } from "./chunk.js";
import { CodePoints } from "./codepoints.js";
import { COMPREHEND_APIS, type ComprehendApi } from "./limits.js";

/** What extracting a transcript's entities would send and cost, per API it would call. */
export interface UsagePlan {
  /** Unicode code points of the transcript text. */
  chars: number;
  /** UTF-8 bytes of the transcript text. */
  bytes: number;
  DetectEntitiesV2: ApiUsage;
  InferICD10CM: ApiUsage;
  InferRxNorm: ApiUsage;
  /** Only when SNOMED CT linking is on. */
  InferSNOMEDCT?: ApiUsage;
}

/** The APIs an extraction calls: InferSNOMEDCT only when SNOMED CT linking is on. */
export function apisFor(options: { snomedct: boolean }): ComprehendApi[] {
  return COMPREHEND_APIS.filter((api) => api !== "InferSNOMEDCT" || options.snomedct);
}

/**
 * The requests and billed units an extraction of this transcript would make, calling nothing.
 *
 * @example
 * planUsage(transcript, { snomedct: false }).InferRxNorm; // { requests: 5, billedUnits: 480, floorUnits: 480 }
 */
export function planUsage(transcript: Transcript, options: { snomedct: boolean }): UsagePlan {
  const points = new CodePoints(transcript.text);
  const usage = (api: ComprehendApi): ApiUsage =>
    usageOf(
      planChunks(transcript, api).map((chunk) => chunk.chars),
      points.count,
    );
  return {
    chars: points.count,
    bytes: points.bytesBetween(0, points.count),
    DetectEntitiesV2: usage("DetectEntitiesV2"),
    InferICD10CM: usage("InferICD10CM"),
    InferRxNorm: usage("InferRxNorm"),
    ...(options.snomedct ? { InferSNOMEDCT: usage("InferSNOMEDCT") } : {}),
  };
}
