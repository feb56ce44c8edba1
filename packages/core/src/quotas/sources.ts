/**
 * The AWS pages the quota table was read from. Where a page was not readable in full here, the entry that cites
 * it says which copy the value came from.
 */
export const SOURCES = {
  /** Comprehend Medical developer guide, "Guidelines and quotas": TPS and CPS of the real-time operations. */
  comprehendMedicalGuide:
    "https://docs.aws.amazon.com/comprehend-medical/latest/dev/comprehendmedical-quotas.html",
  /** The older copy of that page in the Comprehend guide, which still says 100 TPS. */
  comprehendMedicalInComprehendGuide:
    "https://docs.aws.amazon.com/comprehend/latest/dg/guidelines-and-limits-med.html",
  /** General Reference, Comprehend Medical endpoints and quotas: CPS per operation, adjustable. */
  comprehendMedicalGeneralReference:
    "https://docs.aws.amazon.com/general/latest/gr/comprehend-med_region.html",
  /** Transcribe developer guide, "Guidelines and quotas": fixed input limits and batch job quotas. */
  transcribeGuide: "https://docs.aws.amazon.com/transcribe/latest/dg/limits-guidelines.html",
  /** General Reference, Transcribe endpoints and quotas: where the medical batch quotas are listed. */
  transcribeGeneralReference: "https://docs.aws.amazon.com/general/latest/gr/transcribe.html",
  /** General Reference, Chime SDK endpoints and quotas: meetings (WebRTC) and media pipeline quotas. */
  chimeSdkGeneralReference: "https://docs.aws.amazon.com/general/latest/gr/chime-sdk.html",
  /** Chime SDK guide, default limits for active media pipelines per Region. */
  chimeMediaPipelineLimits: "https://docs.aws.amazon.com/chime-sdk/latest/dg/media-pipelines-limits.html",
  /** Chime SDK guide, creating media pipelines: one capture pipeline per meeting. */
  chimeMediaPipelines: "https://docs.aws.amazon.com/chime-sdk/latest/dg/media-pipelines.html",
  /** Lambda developer guide, "Lambda quotas" (new accounts have reduced concurrency). */
  lambdaQuotas: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
  /** Lambda developer guide, reserved concurrency: the 100 kept unreserved. */
  lambdaReservedConcurrency: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
  /** Lambda developer guide, scaling behaviour: the per-function concurrency scaling rate. */
  lambdaScaling: "https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html",
  /** Lambda API reference, ScalingConfig: the SQS event source mapping's maximum concurrency. */
  lambdaSqsScalingConfig: "https://docs.aws.amazon.com/lambda/latest/dg/API_ScalingConfig.html",
  /** Step Functions developer guide, service quotas: token buckets, open executions, history size. */
  stepFunctionsQuotas: "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html",
  /** EventBridge user guide, quotas: PutEvents and invocation throttles per Region. */
  eventBridgeQuotas: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html",
  /** S3 user guide, performance: request rates per partitioned prefix. */
  s3Performance: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html",
} as const;
