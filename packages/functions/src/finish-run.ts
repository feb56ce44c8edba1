import { idempotencyKey } from "@medpipe/core/events";
import type { RunClaim } from "@medpipe/core/sink";
import { type CaughtFailure, failureOutcome } from "@medpipe/core/workflow";
import { claimOf } from "./runtime/claim.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

interface FinishInput {
  workflow: string;
  execution: string;
  /** The execution's input: the EventBridge event as delivered. */
  event: Record<string, unknown>;
  /** The execution's state; holds the admission unless the event was rejected before it. */
  state: { admission?: { event: Parameters<typeof claimOf>[0] } };
}

type Finish = FinishInput & ({ outcome: "succeeded" } | ({ outcome: "failed" } & CaughtFailure));

/**
 * Last step of a workflow: records in the run log that the execution succeeded, or where and why it failed.
 * A failure before admission (an invalid event) is logged under the event's own key, so ops see it too.
 */
export const handler = task("finish-run", async (input: Finish) => {
  const sink = useSink();
  const claim = input.state.admission
    ? claimOf(input.state.admission.event, input.workflow, input.execution)
    : unadmittedClaim(input);
  if (input.outcome === "succeeded") {
    await sink.finishRun(claim.idempotencyKey, { status: "succeeded" });
  } else {
    await sink.claimRun(claim);
    await sink.finishRun(claim.idempotencyKey, failureOutcome(input));
  }
  return { outcome: input.outcome };
});

const UUID = /^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$/;

function unadmittedClaim(input: FinishInput): RunClaim {
  const id = typeof input.event.id === "string" ? input.event.id : input.execution;
  const replayName = typeof input.event["replay-name"] === "string" ? input.event["replay-name"] : null;
  const detail = input.event.detail as Record<string, unknown> | undefined;
  return {
    idempotencyKey: idempotencyKey(id, replayName),
    eventId: id,
    workflow: input.workflow,
    meetingId: typeof detail?.meetingId === "string" && UUID.test(detail.meetingId) ? detail.meetingId : null,
    replayName,
    execution: input.execution,
  };
}
