export { claimedEvent, runClaimOf, type WorkflowRun } from "./claim.js";
export { PipelineError, RETRYABLE_ERRORS } from "./errors.js";
export { type CaughtFailure, failureOutcome } from "./failure.js";
export {
  EVENT_TASKS,
  SCHEDULED_TASKS,
  TASK_VARIABLE,
  TASKS,
  type TaskName,
  WORKFLOW_TASKS,
  type WorkflowTaskName,
} from "./tasks.js";
