import { parseEventOrThrow } from "@medpipe/core/events";
import { runClaimOf } from "@medpipe/core/workflow";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/** First step of a workflow: validates the event and claims its idempotency key, or reports a duplicate. */
export const handler = task(
  "admit",
  async (input: { event: unknown; workflow: string; execution: string }) => {
    const { raw: _raw, ...event } = parseEventOrThrow(input.event);
    const decision = await useSink().claimRun(runClaimOf(input.event, input.workflow, input.execution));
    return { decision, idempotencyKey: event.idempotencyKey, event };
  },
);
