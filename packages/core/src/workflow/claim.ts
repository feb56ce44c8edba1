import type { WorkflowName } from "../events/workflows.js";
import { identifyEvent } from "../replay/identify.js";
import type { RunClaim } from "../sink/sink.js";

/**
 * Which run a task belongs to, as every state machine passes it to the tasks that write the run log: the
 * workflow, the execution's name and its input (the event as delivered).
 */
export interface WorkflowRun {
  workflow: WorkflowName;
  execution: string;
  event: unknown;
}

/**
 * A workflow execution's claim on the event it was started with, as the run log keeps it: the event's
 * idempotency key and meeting (for a recording, the meeting its key names). An event too broken to have an id
 * is logged under the execution's name, so its failure is still listed.
 *
 * @example
 * await sink.recordRecording(runClaimOf(input.run), recording);
 */
export function runClaimOf({ event, workflow, execution }: WorkflowRun): RunClaim {
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
