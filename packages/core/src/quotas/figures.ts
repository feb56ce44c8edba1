import type { ComprehendApi } from "../entities/limits.js";
import { quotaIn, type TokenBucket } from "./quota.js";
import { AWS_QUOTAS } from "./quotas.js";

const defaultOf = (id: keyof typeof AWS_QUOTAS): number => AWS_QUOTAS[id].value;

/** Comprehend Medical requests per second per API, per account and Region. */
export const COMPREHEND_TPS: Readonly<Record<ComprehendApi, number>> = {
  DetectEntitiesV2: defaultOf("comprehend-medical.detect-entities-v2.tps"),
  InferICD10CM: defaultOf("comprehend-medical.infer-icd10cm.tps"),
  InferRxNorm: defaultOf("comprehend-medical.infer-rxnorm.tps"),
  InferSNOMEDCT: defaultOf("comprehend-medical.infer-snomedct.tps"),
};

/** Comprehend Medical characters per second per API, per account and Region: binds before TPS for big requests. */
export const COMPREHEND_CPS: Readonly<Record<ComprehendApi, number>> = {
  DetectEntitiesV2: defaultOf("comprehend-medical.detect-entities-v2.cps"),
  InferICD10CM: defaultOf("comprehend-medical.infer-icd10cm.cps"),
  InferRxNorm: defaultOf("comprehend-medical.infer-rxnorm.cps"),
  InferSNOMEDCT: defaultOf("comprehend-medical.infer-snomedct.cps"),
};

/** Medical batch jobs running at once (assumed working value; see the table). Past it Transcribe refuses jobs. */
export const TRANSCRIBE_MEDICAL_CONCURRENT_JOBS = defaultOf("transcribe.medical-batch-jobs");

/** Transcribe Medical batch API rates, requests per second (assumed working values; see the table). */
export const TRANSCRIBE_MEDICAL_TPS = {
  StartMedicalTranscriptionJob: defaultOf("transcribe.start-medical-transcription-job.tps"),
  GetMedicalTranscriptionJob: defaultOf("transcribe.get-medical-transcription-job.tps"),
  ListMedicalTranscriptionJobs: defaultOf("transcribe.list-medical-transcription-jobs.tps"),
} as const;

/** Longest audio one transcription job takes, in seconds. */
export const TRANSCRIBE_MAX_AUDIO_SECONDS = defaultOf("transcribe.audio-file-length");

/** Chime SDK meetings: concurrent meetings and the meeting API rates (requests per second). */
export const CHIME_MEETINGS = {
  concurrentMeetings: defaultOf("chime-sdk-meetings.concurrent-meetings"),
  CreateMeeting: defaultOf("chime-sdk-meetings.create-meeting.tps"),
  CreateMeetingWithAttendees: defaultOf("chime-sdk-meetings.create-meeting-with-attendees.tps"),
  CreateAttendee: defaultOf("chime-sdk-meetings.create-attendee.tps"),
  DeleteMeeting: defaultOf("chime-sdk-meetings.delete-meeting.tps"),
} as const;

/** Requests per second all media pipeline APIs share, per account and Region. */
export const MEDIA_PIPELINE_API_TPS = defaultOf("chime-sdk-media-pipelines.api-rate");

/**
 * Media pipelines of every kind (capture and concatenation together) that may be active at once in `region`.
 *
 * @example
 * mediaPipelinesIn(config.regions.mediaPipeline); // 10 in eu-central-1
 */
export function mediaPipelinesIn(region: string): number {
  return quotaIn(AWS_QUOTAS["chime-sdk-media-pipelines.active-pipelines"], region);
}

/** Lambda concurrency per account and Region: the default, what new accounts get, the unreserved minimum. */
export const LAMBDA_CONCURRENCY = {
  default: defaultOf("lambda.concurrent-executions"),
  newAccount: defaultOf("lambda.concurrent-executions.new-account"),
  unreservedMinimum: defaultOf("lambda.unreserved-concurrency-minimum"),
  /** New execution environments per function every 10 seconds. */
  scalingPer10Seconds: defaultOf("lambda.concurrency-scaling-rate"),
} as const;

/** The range of an SQS event source mapping's MaximumConcurrency, which caps consumers without reserving any. */
export const SQS_EVENT_SOURCE_MAX_CONCURRENCY = {
  min: defaultOf("lambda.sqs-maximum-concurrency.min"),
  max: defaultOf("lambda.sqs-maximum-concurrency.max"),
} as const;

/**
 * How much concurrency an account with `accountConcurrency` can reserve across all its functions: Lambda keeps
 * 100 unreserved.
 *
 * @example
 * reservableConcurrency(LAMBDA_CONCURRENCY.newAccount); // 0: a new account can reserve nothing
 */
export function reservableConcurrency(accountConcurrency: number): number {
  return Math.max(0, accountConcurrency - LAMBDA_CONCURRENCY.unreservedMinimum);
}

/**
 * Standard StartExecution's token bucket in `region`.
 *
 * @example
 * startExecutionIn("eu-west-1"); // { bucket: 1300, refillPerSecond: 300 }
 */
export function startExecutionIn(region: string): TokenBucket {
  return {
    bucket: quotaIn(AWS_QUOTAS["step-functions.start-execution.bucket"], region),
    refillPerSecond: quotaIn(AWS_QUOTAS["step-functions.start-execution.refill"], region),
  };
}

/**
 * Standard state transitions' token bucket in `region` (lower, by an undocumented amount, for new accounts).
 *
 * @example
 * stateTransitionsIn("eu-central-1"); // { bucket: 800, refillPerSecond: 500 }
 */
export function stateTransitionsIn(region: string): TokenBucket {
  return {
    bucket: quotaIn(AWS_QUOTAS["step-functions.state-transition.bucket"], region),
    refillPerSecond: quotaIn(AWS_QUOTAS["step-functions.state-transition.refill"], region),
  };
}

/** Events one Standard execution's history may hold before the execution fails. */
export const STEP_FUNCTIONS_MAX_HISTORY_EVENTS = defaultOf("step-functions.execution-history");

/**
 * EventBridge PutEvents and rule-target invocation rates in `region`, requests per second.
 *
 * @example
 * eventBridgeRatesIn("eu-west-1"); // { putEvents: 10000, invocations: 18750 }
 */
export function eventBridgeRatesIn(region: string): { putEvents: number; invocations: number } {
  return {
    putEvents: quotaIn(AWS_QUOTAS["eventbridge.put-events.tps"], region),
    invocations: quotaIn(AWS_QUOTAS["eventbridge.invocations.tps"], region),
  };
}

/** S3 requests per second per partitioned prefix. */
export const S3_PREFIX_RATES = {
  writes: defaultOf("s3.writes-per-prefix"),
  reads: defaultOf("s3.reads-per-prefix"),
} as const;
