/** What a Catch hands the failure path: Step Functions' `{ Error, Cause }` and the step that failed. */
export interface CaughtFailure {
  step: string;
  failure: { Error: string; Cause?: string };
}

/**
 * The failure as the run log stores it and `medpipe failures` prints it: Lambda puts `{ errorType, errorMessage,
 * trace }` JSON in the Cause, and only the message is kept (the pipeline's messages carry ids, never PHI). Any
 * other cause is dropped, leaving the error name: a `States.Runtime` cause can quote the state's input, and a
 * service integration's cause is the service's text, neither written by the pipeline.
 */
export function failureOutcome(caught: CaughtFailure) {
  return {
    status: "failed" as const,
    step: caught.step,
    error: caught.failure.Error,
    cause: causeMessage(caught.failure.Cause),
  };
}

function causeMessage(cause: string | undefined): string | null {
  if (!cause) return null;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown } | null;
    return typeof parsed?.errorMessage === "string" ? parsed.errorMessage : null;
  } catch {
    return null;
  }
}
