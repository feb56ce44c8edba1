import { identifyEvent } from "../replay/identify.js";
import type { RunClaim } from "../sink/sink.js";

/**
 * A workflow execution's claim on the event it was started with, as the run log keeps it: the event's
 * idempotency key and meeting (for a recording, the meeting its key names). An event too broken to have an id
 * is logged under the execution's name, so its failure is still listed.
 *
 * @example
 * await sink.claimRun(runClaimOf(event, "attendance", execution));
 */
export function runClaimOf(event: unknown, workflow: string, execution: string): RunClaim {
  const identity = identifyEvent(event);
  return {
    idempotencyKey: identity.idempotencyKey ?? execution,
    eventId: identity.eventId ?? execution,
    workflow,
    meetingId: identity.meetingId,
    replayName: identity.replayName,
    execution,
  };
}
