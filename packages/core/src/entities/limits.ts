import { COMPREHEND_TPS } from "../quotas/figures.js";

/** The Comprehend Medical APIs the pipeline calls, in the order their results are merged. */
export const COMPREHEND_APIS = ["DetectEntitiesV2", "InferICD10CM", "InferRxNorm", "InferSNOMEDCT"] as const;

export type ComprehendApi = (typeof COMPREHEND_APIS)[number];

export interface ApiLimit {
  /** Most UTF-8 bytes one request's text may hold. */
  maxBytes?: number;
  /**
   * Most characters one request's text may hold, checked against UTF-16 code units: never fewer than code
   * points, so the limit holds however the service counts characters.
   */
  maxChars?: number;
  /** Requests per second the account may make: the service quota. */
  tps: number;
  /** Requests one extraction keeps in flight at once: our choice, under the quota. */
  maxInFlight: number;
}

/**
 * Comprehend Medical's input limits (developer guide, "Guidelines and quotas") and TPS quotas (the quota table).
 * InferSNOMEDCT's API reference says 10,000 characters but the quota page says 5 KB: the smaller one holds.
 */
export const API_LIMITS: Readonly<Record<ComprehendApi, ApiLimit>> = {
  // "Under 20,000 bytes".
  DetectEntitiesV2: { maxBytes: 19_999, tps: COMPREHEND_TPS.DetectEntitiesV2, maxInFlight: 10 },
  InferICD10CM: { maxChars: 10_000, tps: COMPREHEND_TPS.InferICD10CM, maxInFlight: 10 },
  InferRxNorm: { maxChars: 10_000, tps: COMPREHEND_TPS.InferRxNorm, maxInFlight: 10 },
  InferSNOMEDCT: { maxBytes: 5_000, tps: COMPREHEND_TPS.InferSNOMEDCT, maxInFlight: 2 },
};

/**
 * Comprehend Medical bills each request in units of 100 characters, at least one unit per request. Characters
 * are counted as Unicode code points, the unit its offsets use.
 */
export const BILLING_UNIT_CHARS = 100;
export const MIN_UNITS_PER_REQUEST = 1;

/**
 * How many extractions may run at once (the extract-entities function's reserved concurrency). The quotas are
 * per account, so each extraction paces itself to its share of them.
 */
export const CONCURRENT_EXTRACTIONS = 2;

/** Requests per second one extraction may send to `api`: its share of the account's quota. */
export function requestsPerSecond(api: ComprehendApi): number {
  return Math.max(1, Math.floor(API_LIMITS[api].tps / CONCURRENT_EXTRACTIONS));
}
