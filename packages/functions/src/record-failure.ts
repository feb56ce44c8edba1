import { type CaughtFailure, failureOutcome, runClaimOf, type WorkflowRun } from "@medpipe/core/workflow";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * The failure path of every workflow: records in the run log where and why the execution failed. A failure
 * before the run was claimed (an invalid event, say) is claimed here first, so ops see it too.
 */
export const handler = task("record-failure", async (input: { run: WorkflowRun } & CaughtFailure) => {
  const sink = useSink();
  const claim = runClaimOf(input.run);
  await sink.claimRun(claim);
  await sink.finishRun(claim.idempotencyKey, failureOutcome(input));
  return { recorded: claim.idempotencyKey };
});
