import { parseEventOrThrow } from "../events/parse.js";
import type { PipelineEvent } from "../events/types.js";
import type { WorkflowName } from "../events/workflows.js";
import { type EventIdentity, identifyEvent, identityOfParsed } from "../replay/identify.js";
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
export function runClaimOf(run: WorkflowRun): RunClaim {
  return claimOn(identifyEvent(run.event), run);
}

/**
 * The run's event, parsed once (an invalid one throws InvalidEventError, naming the field), and the run's claim
 * on it: what a task that claims the run needs.
 *
 * @example
 * const { event, claim } = claimedEvent(input.run);
 */
export function claimedEvent(run: WorkflowRun): { event: PipelineEvent; claim: RunClaim } {
  const event = parseEventOrThrow(run.event);
  return { event, claim: claimOn(identityOfParsed(event), run) };
}

function claimOn(identity: EventIdentity, { workflow, execution }: WorkflowRun): RunClaim {
  return {
    idempotencyKey: identity.idempotencyKey ?? execution,
    eventId: identity.eventId ?? execution,
    workflow,
    meetingId: identity.meetingId,
    replayName: identity.replayName,
    execution,
  };
}
