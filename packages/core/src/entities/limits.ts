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
  /** Requests one extraction keeps in flight at once: our choice, under the quota. */
  maxInFlight: number;
}

/**
 * Comprehend Medical's input limits (developer guide, "Guidelines and quotas"); its quotas are in core's quotas.
 * InferSNOMEDCT's API reference says 10,000 characters but the quota page says 5 KB: the smaller one holds.
 */
export const API_LIMITS: Readonly<Record<ComprehendApi, ApiLimit>> = {
  // "Under 20,000 bytes".
  DetectEntitiesV2: { maxBytes: 19_999, maxInFlight: 10 },
  InferICD10CM: { maxChars: 10_000, maxInFlight: 10 },
  InferRxNorm: { maxChars: 10_000, maxInFlight: 10 },
  InferSNOMEDCT: { maxBytes: 5_000, maxInFlight: 2 },
};

/**
 * Comprehend Medical bills each request in units of 100 characters, at least one unit per request. Characters
 * are counted as Unicode code points, the unit its offsets use.
 */
export const BILLING_UNIT_CHARS = 100;
export const MIN_UNITS_PER_REQUEST = 1;

/**
 * How many extractions run at once unless the stage says otherwise (`MEDPIPE_CONCURRENT_EXTRACTIONS`): each holds
 * a slot while it runs, so that a burst waits in its workflow rather than crowding Lambda. They share the quotas
 * through the rate buckets (see capacity), so this bounds concurrency, not Comprehend Medical's rate.
 */
export const CONCURRENT_EXTRACTIONS = 5;
