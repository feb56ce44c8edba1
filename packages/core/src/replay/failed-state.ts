/** A Step Functions history event, as GetExecutionHistory returns it (only what finding the state needs). */
export interface HistoryEvent {
  type?: string;
  stateEnteredEventDetails?: { name?: string };
}

/** History events of a state that failed; the execution-level ones only repeat the error. */
const STATE_FAILURES = new Set([
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
 * The state an execution stopped in, from its history read newest first (GetExecutionHistory with
 * `reverseOrder`): the last state entered, which was still running when the execution failed, timed out or
 * was aborted (a Task that failed after its retries, a Wait whose path did not resolve). When that state is a
 * `Fail` state reached through a Catch, the state whose failure was caught; `null` for a history that enters
 * no state. Give it pages in order until it answers: it needs no more than the events up to that state.
 *
 * @example
 * failedStateIn([{ type: "ExecutionFailed" }, { type: "TaskFailed" },
 *   { type: "TaskStateEntered", stateEnteredEventDetails: { name: "ExtractEntities" } }]); // "ExtractEntities"
 */
export function failedStateIn(eventsNewestFirst: readonly HistoryEvent[]): string | null {
  return new FailedStateSearch().read(eventsNewestFirst).answer();
}

/**
 * {@link failedStateIn} over a history read page by page: `read` each page newest first until `done`.
 *
 * @example
 * const search = new FailedStateSearch(); for (const page of pages) if (search.read(page.events).done) break;
 */
export class FailedStateSearch {
  private lastEntered: string | null = null;
  private inFailState = false;
  private failureSeen = false;
  private caught: string | null = null;
  /** Whether the pages read so far settle the answer. */
  done = false;

  read(events: readonly HistoryEvent[]): this {
    for (const event of events) {
      if (this.done) break;
      const entered = event.stateEnteredEventDetails?.name;
      if (!this.inFailState) {
        if (this.lastEntered === null && entered) {
          this.lastEntered = entered;
          this.inFailState = event.type === "FailStateEntered";
          this.done = !this.inFailState;
        }
        continue;
      }
      if (STATE_FAILURES.has(event.type ?? "")) this.failureSeen = true;
      else if (this.failureSeen && entered) {
        this.caught = entered;
        this.done = true;
      }
    }
    return this;
  }

  answer(): string | null {
    return this.caught ?? this.lastEntered;
  }
}
