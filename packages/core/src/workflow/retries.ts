import type { WorkflowTaskName } from "./tasks.js";

/** The services a task calls: their transient errors are what its state retries. */
export type Dependency =
  | "lambda"
  | "s3"
  | "chimeMediaPipelines"
  | "transcribe"
  | "comprehendMedical"
  | "supabase";

/**
 * The error names each dependency raises that a later attempt can get past (throttling, server faults, a
 * timeout), as they reach Step Functions: the SDK's exception name, which a Lambda reports as its `errorType`.
 * Sources:
 * - Lambda, as Step Functions reports a failed invoke: docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 *   and the Lambda runtime's `Sandbox.Timedout` (docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html).
 * - S3: docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (SlowDown, InternalError, ServiceUnavailable 503,
 *   RequestTimeout 400).
 * - Chime SDK media pipelines: the API reference's errors (ThrottledClientException 429, ServiceUnavailableException
 *   503, ServiceFailureException 500).
 * - Transcribe: StartMedicalTranscriptionJob / GetMedicalTranscriptionJob / ListMedicalTranscriptionJobs errors
 *   (LimitExceededException for throttling and the concurrent-job quota, InternalFailureException).
 * - Comprehend Medical: DetectEntitiesV2 / Infer* errors (TooManyRequestsException, ServiceUnavailableException,
 *   InternalServerException); the extractor retries them itself and then names them as below.
 * - Supabase: the sink's own `SinkUnavailableError` (no answer, a 5xx, a serialization failure or deadlock).
 */
export const TRANSIENT_ERRORS: Record<Dependency, readonly string[]> = {
  lambda: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.TooManyRequestsException",
    "Sandbox.Timedout",
  ],
  s3: ["SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "RecordingUnavailableError"],
  chimeMediaPipelines: ["ThrottledClientException", "ServiceUnavailableException", "ServiceFailureException"],
  transcribe: ["LimitExceededException", "InternalFailureException"],
  comprehendMedical: ["ComprehendThrottledError", "ComprehendUnavailableError"],
  supabase: ["SinkUnavailableError"],
};

/** What each task calls, besides Lambda itself. */
export const TASK_DEPENDENCIES: Record<WorkflowTaskName, readonly Dependency[]> = {
  "start-recording": ["chimeMediaPipelines", "supabase"],
  "end-meeting": ["chimeMediaPipelines", "supabase"],
  "record-attendance": ["supabase"],
  "track-media-pipeline": ["supabase"],
  "verify-recording": ["s3", "supabase"],
  "transcribe-recording": ["transcribe", "supabase"],
  "extract-entities": ["s3", "comprehendMedical", "supabase"],
  "post-results": ["s3", "supabase"],
};

/** Errors of the pipeline's own that mean "not yet": the event came before what it depends on was recorded. */
export const NOT_YET_ERRORS: Partial<Record<WorkflowTaskName, readonly string[]>> = {
  "track-media-pipeline": ["MediaPipelineNotRecordedError"],
};

/** One Retry of a Task state, in ASL's terms. */
export interface Retrier {
  errors: string[];
  intervalSeconds: number;
  backoffRate: number;
  maxAttempts: number;
  maxDelaySeconds: number;
}

/**
 * The Retry list of a task's state, derived from what it calls: its dependencies' transient errors with jittered
 * exponential backoff (about four minutes in all), and its "not yet" errors with a longer one (about half an
 * hour), so that an event that overtook the write it depends on waits for it. Anything else fails the execution
 * at the task, where a redrive resumes.
 *
 * @example
 * retriersOf("verify-recording")[0].errors; // ["Lambda.ServiceException", ..., "SlowDown", ..., "SinkUnavailableError"]
 */
export function retriersOf(task: WorkflowTaskName): Retrier[] {
  const transient = ["lambda", ...TASK_DEPENDENCIES[task]].flatMap(
    (dependency) => TRANSIENT_ERRORS[dependency as Dependency],
  );
  const retriers: Retrier[] = [
    { errors: transient, intervalSeconds: 2, backoffRate: 2, maxAttempts: 8, maxDelaySeconds: 60 },
  ];
  const notYet = NOT_YET_ERRORS[task];
  if (notYet) {
    retriers.push({
      errors: [...notYet],
      intervalSeconds: 5,
      backoffRate: 2,
      maxAttempts: 10,
      maxDelaySeconds: 300,
    });
  }
  return retriers;
}
