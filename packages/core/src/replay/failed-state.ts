import type { HistoryEvent, HistoryEventType } from "@aws-sdk/client-sfn";

/** History events of a state that failed; the execution-level ones only repeat the error. */
const STATE_FAILURES = new Set<HistoryEventType>([
  "ActivityFailed",
  "ActivityScheduleFailed",
  "ActivityTimedOut",
  "LambdaFunctionFailed",
  "LambdaFunctionScheduleFailed",
  "LambdaFunctionStartFailed",
  "LambdaFunctionTimedOut",
  "MapStateFailed",
  "ParallelStateFailed",
  "TaskFailed",
  "TaskStartFailed",
  "TaskSubmitFailed",
  "TaskTimedOut",
]);

/**
 * The state an execution failed in, from its history read newest first: the state entered before the last state
 * failure (a Task that failed after its retries); when no state failure precedes the end (a timeout, an abort, a
 * `States.Runtime` in a Wait or Choice), the last state entered.
 *
 * @example
 * failedStateIn(history.reverse()); // "ExtractEntities"
 */
export function failedStateIn(newestFirst: Iterable<HistoryEvent>): string | null {
  let failureSeen = false;
  let lastEntered: string | null = null;
  for (const event of newestFirst) {
    const entered = event.stateEnteredEventDetails?.name ?? null;
    if (failureSeen && entered) return entered;
    if (STATE_FAILURES.has(event.type as HistoryEventType)) failureSeen = true;
    if (entered && lastEntered === null) lastEntered = entered;
  }
  return lastEntered;
}
