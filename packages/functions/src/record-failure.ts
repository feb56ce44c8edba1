import { type CaughtFailure, failureOutcome, runClaimOf, type WorkflowRun } from "@medpipe/core/workflow";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * The failure path of every workflow: records in the run log where and why the execution failed, on the run it
 * holds. A failure before the run was claimed (an invalid event, say) is recorded as a failed run, so ops see it.
 */
export const handler = task("record-failure", async (input: { run: WorkflowRun } & CaughtFailure) => {
  const claim = runClaimOf(input.run, useEnvironment().config);
  const recorded = await useSink().recordRunFailure(claim, failureOutcome(input));
  return { recorded: claim.idempotencyKey, change: recorded };
});
