import type { PipelineConfig } from "../config/index.js";
import type { WorkflowName } from "../events/workflows.js";
import { MAX_FIRST_WAIT_SECONDS } from "../transcript/job.js";
import type { TaskName } from "./tasks.js";

/** How long each task's function may run (its Lambda timeout): extraction paces many requests, the rest are short. */
export function taskTimeoutSeconds(task: TaskName): number {
  if (task === "extract-entities" || task === "close-stale-meetings" || task === "sweep-retention")
    return 300;
  return 60;
}

/** What the workflows' timeouts depend on: how long the transcription workflow may poll its job. */
export type WorkflowTimeoutConfig = Pick<PipelineConfig, "transcription">;

/**
 * Each workflow's state machine timeout, in seconds: the longest any execution of it can run. The stacks set the
 * state machines' `timeout` from here, and a run claim is stale once its workflow's timeout has surely passed.
 * The transcription workflow waits up to MAX_FIRST_WAIT_SECONDS, then polls `maxPolls` times every
 * `pollSeconds`, with two hours for the rest of its steps, their retries at their longest (about 75 minutes) and
 * its waits for a job or an extraction slot in a busy hour.
 *
 * @example
 * workflowTimeoutSeconds(config).attendance; // 900
 */
export function workflowTimeoutSeconds(config: WorkflowTimeoutConfig): Record<WorkflowName, number> {
  const { pollSeconds, maxPolls } = config.transcription;
  return {
    "meeting-lifecycle": 2 * 3600,
    attendance: 15 * 60,
    // A status that overtook its pipeline's record waits for it about half an hour (the "not yet" retrier).
    "media-pipeline": 3600,
    transcription: MAX_FIRST_WAIT_SECONDS + pollSeconds * maxPolls + 2 * 3600,
  };
}

/**
 * Beyond the workflow's timeout, how long a claim left running is still its execution's: room for the clocks of
 * Step Functions and the database to differ and for the execution's status change to close the claim first.
 */
export const CLAIM_STALE_MARGIN_SECONDS = 15 * 60;

/**
 * How long a run claim of `workflow` may stay running before another execution may take it over.
 *
 * @example
 * claimStaleAfterSeconds("attendance", config); // 1800
 */
export function claimStaleAfterSeconds(workflow: WorkflowName, config: WorkflowTimeoutConfig): number {
  return workflowTimeoutSeconds(config)[workflow] + CLAIM_STALE_MARGIN_SECONDS;
}
