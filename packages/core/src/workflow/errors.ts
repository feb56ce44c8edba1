/**
 * Error names a workflow retries with backoff: transient failures of Lambda, AWS APIs and the sink. Anything
 * else fails the step at once and goes to the failure path, where ops see it and can redrive or replay it.
 */
export const RETRYABLE_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
  "SinkUnavailableError",
  "MediaPipelineNotRecordedError",
  "ThrottlingException",
  "ThrottledClientException",
  "TooManyRequestsException",
  "ServiceUnavailableException",
  "ServiceFailureException",
  "InternalServerException",
  "InternalFailureException",
  "InternalServerError",
  "LimitExceededException",
  "SlowDown",
  "InternalError",
  "RecordingNotFoundError",
] as const;

/** Base of the pipeline's own errors: what ops need to find the failure, never PHI. */
export class PipelineError extends Error {
  constructor(
    message: string,
    readonly meetingId: string | null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
