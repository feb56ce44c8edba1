/** What Step Functions reports of a failed state: the error name and cause, and the step it failed in. */
export interface CaughtFailure {
  step: string | null;
  failure: { Error: string; Cause?: string | null };
}

/**
 * The failure as the run log and ops listings keep it. A Lambda's cause is `{ errorType, errorMessage, trace }`
 * JSON, and the pipeline's handlers throw messages free of content: only that message is kept. Any other cause is
 * dropped: Step Functions' own (`States.Runtime`, `States.DataLimitExceeded`) can quote the state's input.
 *
 * @example
 * failureOutcome({ step: "ExtractEntities", failure: { Error: "ComprehendRequestError", Cause: lambdaCause } });
 */
export function failureOutcome(caught: CaughtFailure) {
  return {
    status: "failed" as const,
    step: caught.step,
    error: caught.failure.Error,
    cause: lambdaErrorMessage(caught.failure.Cause),
  };
}

function lambdaErrorMessage(cause: string | null | undefined): string | null {
  if (!cause) return null;
  try {
    const parsed = JSON.parse(cause) as { errorType?: unknown; errorMessage?: unknown };
    return typeof parsed.errorType === "string" && typeof parsed.errorMessage === "string"
      ? parsed.errorMessage
      : null;
  } catch {
    return null;
  }
}
