import type { ExecutionSummary } from "./consult-run.js";

/**
 * Step Functions state transitions of one consult: the sum over every execution its events started, each
 * state entered counting one (retries included), as Standard workflows are billed.
 *
 * @example
 * transitionsOf([{ workflow: "attendance", status: "SUCCEEDED", stateTransitions: 2 }]); // 2
 */
export function transitionsOf(executions: readonly ExecutionSummary[]): number {
  return executions.reduce((sum, execution) => sum + execution.stateTransitions, 0);
}
