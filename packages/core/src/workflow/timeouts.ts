import type { PipelineConfig } from "../config/index.js";
import type { WorkflowName } from "../events/workflows.js";
import { MAX_FIRST_WAIT_SECONDS } from "../transcript/job.js";
import type { TaskName } from "./tasks.js";

/** How long each task's function may run (its Lambda timeout): extraction paces many requests, the rest are short. */
export function taskTimeoutSeconds(task: TaskName): number {
  if (task === "extract-entities") return 300;
  if (task === "close-stale-meetings" || task === "sweep-retention") return 300;
  return 60;
}

/**
 * How long an execution of each workflow may run (its state machine's TimeoutSeconds). Transcription allows the
 * first wait, every poll of the configured interval and an hour for everything else.
 */
export function workflowTimeoutSeconds(workflow: WorkflowName, config: PipelineConfig): number {
  switch (workflow) {
    case "meeting-lifecycle":
      return 2 * 3600;
    case "attendance":
    case "media-pipeline":
      return 3600;
    case "transcription":
      return MAX_FIRST_WAIT_SECONDS + config.transcription.pollSeconds * config.transcription.maxPolls + 3600;
  }
}
