export {
  CHIME_MEETINGS,
  COMPREHEND_CPS,
  COMPREHEND_TPS,
  eventBridgeRatesIn,
  LAMBDA_CONCURRENCY,
  MEDIA_PIPELINE_API_TPS,
  mediaPipelinesIn,
  reservableConcurrency,
  S3_PREFIX_RATES,
  SQS_EVENT_SOURCE_MAX_CONCURRENCY,
  STEP_FUNCTIONS_MAX_HISTORY_EVENTS,
  startExecutionIn,
  stateTransitionsIn,
  TRANSCRIBE_MAX_AUDIO_SECONDS,
  TRANSCRIBE_MEDICAL_CONCURRENT_JOBS,
  TRANSCRIBE_MEDICAL_TPS,
} from "./figures.js";
export {
  type AwsService,
  type Quota,
  type QuotaBasis,
  type QuotaScope,
  type QuotaUnit,
  quotaIn,
  type TokenBucket,
} from "./quota.js";
export { AWS_QUOTAS, type QuotaId } from "./quotas.js";
export { SOURCES } from "./sources.js";
