import type { RunClaim, Sink } from "../sink/sink.js";

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

/**
 * Runs a single-step workflow's work once per idempotency key: a duplicate delivery does nothing, a failure is
 * recorded in the run log (and rethrown, so the execution fails visibly) and may be claimed again by a replay.
 */
export async function runOnce<T>(
  sink: Sink,
  claim: RunClaim,
  step: string,
  work: () => Promise<T>,
): Promise<{ decision: "duplicate" } | { decision: "claimed"; result: T }> {
  if ((await sink.claimRun(claim)) === "duplicate") return { decision: "duplicate" };
  try {
    const result = await work();
    await sink.finishRun(claim.idempotencyKey, { status: "succeeded" });
    return { decision: "claimed", result };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    await sink.finishRun(claim.idempotencyKey, { status: "failed", step, error: name, cause: message });
    throw error;
  }
}
