/**
 * Every Lambda task of the workflows, by the name of its handler file in `packages/functions/src/<task>.ts`.
 * The stacks build one function per task from this list, and the local runner binds each task state to the
 * same handler through the `MEDPIPE_TASK` variable the stacks set on the function.
 */
export const WORKFLOW_TASKS = [
  "record-failure",
  "start-recording",
  "end-meeting",
  "stop-capture",
  "check-capture",
  "start-concatenation",
  "record-attendance",
  "track-media-pipeline",
  "verify-recording",
  "start-transcription",
  "check-transcription",
  "extract-entities",
  "post-results",
] as const;

/** Tasks run on a schedule rather than by a workflow. */
export const SCHEDULED_TASKS = ["close-stale-meetings", "sweep-retention"] as const;

/** Tasks an EventBridge rule runs directly, outside the workflows. */
export const EVENT_TASKS = ["hold-new-object"] as const;

export const TASKS = [...WORKFLOW_TASKS, ...SCHEDULED_TASKS, ...EVENT_TASKS] as const;

export type TaskName = (typeof TASKS)[number];
export type WorkflowTaskName = (typeof WORKFLOW_TASKS)[number];

/** The environment variable that names a function's task, read by the local runner. */
export const TASK_VARIABLE = "MEDPIPE_TASK";
