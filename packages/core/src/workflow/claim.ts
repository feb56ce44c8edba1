import { parseEventOrThrow } from "../events/parse.js";
import type { PipelineEvent } from "../events/types.js";
import type { WorkflowName } from "../events/workflows.js";
import { type EventIdentity, identifyEvent, identityOfParsed } from "../replay/identify.js";
import type { RunClaim, RunHolder } from "../sink/sink.js";
import { claimStaleAfterSeconds, type WorkflowTimeoutConfig } from "./timeouts.js";

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
 * idempotency key and meeting (for a recording, the meeting its key names), and when the claim goes stale (the
 * workflow's timeout, from `config`, and a margin). An event too broken to have an id is logged under the
 * execution's name, so its failure is still listed.
 *
 * @example
 * await sink.recordRecording(runClaimOf(input.run, env.config), recording);
 */
export function runClaimOf(run: WorkflowRun, config: WorkflowTimeoutConfig): RunClaim {
  return claimOn(identifyEvent(run.event), run, config);
}

/**
 * The run and the execution holding it, as a task that records the run's success names them.
 *
 * @example
 * await sink.ingestTranscript({ ...ingest, finishesRun: runHolderOf(input.run) });
 */
export function runHolderOf(run: WorkflowRun): RunHolder {
  return { idempotencyKey: keyOf(identifyEvent(run.event), run), execution: run.execution };
}

/**
 * The run's event, parsed once (an invalid one throws InvalidEventError, naming the field), and the run's claim
 * on it: what a task that claims the run needs.
 *
 * @example
 * const { event, claim } = claimedEvent(input.run, env.config);
 */
export function claimedEvent(
  run: WorkflowRun,
  config: WorkflowTimeoutConfig,
): { event: PipelineEvent; claim: RunClaim } {
  const event = parseEventOrThrow(run.event);
  return { event, claim: claimOn(identityOfParsed(event), run, config) };
}

function keyOf(identity: EventIdentity, run: WorkflowRun): string {
  return identity.idempotencyKey ?? run.execution;
}

function claimOn(identity: EventIdentity, run: WorkflowRun, config: WorkflowTimeoutConfig): RunClaim {
  return {
    idempotencyKey: keyOf(identity, run),
    eventId: identity.eventId ?? run.execution,
    workflow: run.workflow,
    meetingId: identity.meetingId,
    replayName: identity.replayName,
    execution: run.execution,
    staleAfterSeconds: claimStaleAfterSeconds(run.workflow, config),
  };
}
