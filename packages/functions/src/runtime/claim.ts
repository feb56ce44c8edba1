import type { RunClaim } from "@medpipe/core/sink";

interface ClaimedEvent {
  id: string;
  idempotencyKey: string;
  replayName: string | null;
  meetingId?: string | null;
}

/** The run-log claim of a workflow execution on an event. */
export function claimOf(event: ClaimedEvent, workflow: string, execution: string): RunClaim {
  return {
    idempotencyKey: event.idempotencyKey,
    eventId: event.id,
    workflow,
    meetingId: event.meetingId ?? null,
    replayName: event.replayName,
    execution,
  };
}
