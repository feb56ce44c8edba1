/**
 * Every Lambda task of the workflows, by the name of its handler file in `packages/functions/src/<task>.ts`.
 * The stacks build one function per task from this list, and the local runner binds each function to the same
 * handler through the `MEDPIPE_TASK` variable the stacks set on it.
 */
export const WORKFLOW_TASKS = [
  "start-recording",
  "end-meeting",
  "record-attendance",
  "track-media-pipeline",
  "verify-recording",
  "transcribe-recording",
  "extract-entities",
  "post-results",
] as const;

/**
 * Tasks that EventBridge rules invoke directly, outside the workflows: the run log's failure recorder, and the
 * legal hold of objects that land for a held meeting.
 */
export const EVENT_TASKS = ["record-failure", "hold-new-object"] as const;

/** Tasks run on a schedule rather than by a workflow. */
export const SCHEDULED_TASKS = ["close-stale-meetings", "sweep-retention", "check-missing-entities"] as const;

export const TASKS = [...WORKFLOW_TASKS, ...EVENT_TASKS, ...SCHEDULED_TASKS] as const;

export type TaskName = (typeof TASKS)[number];
export type WorkflowTaskName = (typeof WORKFLOW_TASKS)[number];

/** The environment variable that names a function's task, read by the local runner. */
export const TASK_VARIABLE = "MEDPIPE_TASK";
