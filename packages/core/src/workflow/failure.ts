/** What a Catch hands the failure path: Step Functions' `{ Error, Cause }` and the step that failed. */
export interface CaughtFailure {
  step: string;
  failure: { Error: string; Cause?: string };
}

/**
 * The failure as the run log stores it: Lambda puts `{ errorType, errorMessage, trace }` JSON in the Cause;
 * only the message is kept (the pipeline's messages carry ids, never PHI).
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
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === "string" ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}
