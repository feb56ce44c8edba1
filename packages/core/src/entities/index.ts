export { type ApiUsage, floorUnits, requestUnits, usageOf } from "./billing.js";
export { type Chunk, planChunks } from "./chunk.js";
export * from "./document.js";
export {
  ComprehendRequestError,
  ComprehendResponseError,
  ComprehendThrottledError,
  ComprehendUnavailableError,
  EntitiesDocumentError,
  type RequestContext,
} from "./errors.js";
export { type ExtractOptions, extractEntities } from "./extract.js";
export {
  API_LIMITS,
  type ApiLimit,
  BILLING_UNIT_CHARS,
  COMPREHEND_APIS,
  CONCURRENT_EXTRACTIONS,
  type ComprehendApi,
  MIN_UNITS_PER_REQUEST,
} from "./limits.js";
export { entitiesKey, entitiesPrefix } from "./location.js";
export { type Pace, realPace } from "./pace.js";
export { apisFor, planUsage, type UsagePlan } from "./plan.js";
export { DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
