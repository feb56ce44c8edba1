import { type CaughtFailure, failureOutcome, runClaimOf } from "@medpipe/core/workflow";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

interface FinishInput {
  workflow: string;
  execution: string;
  /** The execution's input: the EventBridge event as delivered. */
  event: unknown;
}

type Finish = FinishInput & ({ outcome: "succeeded" } | ({ outcome: "failed" } & CaughtFailure));

/**
 * Last step of a workflow: records in the run log that the execution succeeded, or where and why it failed.
 * A failure before admission (an invalid event) is claimed here first, so ops see it too.
 */
export const handler = task("finish-run", async (input: Finish) => {
  const sink = useSink();
  const claim = runClaimOf(input.event, input.workflow, input.execution);
  if (input.outcome === "succeeded") {
    await sink.finishRun(claim.idempotencyKey, { status: "succeeded" });
  } else {
    await sink.claimRun(claim);
    await sink.finishRun(claim.idempotencyKey, failureOutcome(input));
  }
  return { outcome: input.outcome };
});
