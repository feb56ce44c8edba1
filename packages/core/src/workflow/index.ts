export { claimedEvent, runClaimOf, runHolderOf, type WorkflowRun } from "./claim.js";
export { PipelineError } from "./errors.js";
export {
  type ExecutionStatusChange,
  NotAPipelineExecutionError,
  recordExecutionFailure,
} from "./execution-failure.js";
export { type CaughtFailure, failureOutcome } from "./failure.js";
export {
  type Dependency,
  NOT_YET_ERRORS,
  type Retrier,
  retriersOf,
  TASK_DEPENDENCIES,
  TRANSIENT_ERRORS,
} from "./retries.js";
export { withoutContent } from "./safe-error.js";
export {
  EVENT_TASKS,
  SCHEDULED_TASKS,
  TASK_VARIABLE,
  TASKS,
  type TaskName,
  WORKFLOW_TASKS,
  type WorkflowTaskName,
} from "./tasks.js";
export {
  CLAIM_STALE_MARGIN_SECONDS,
  claimStaleAfterSeconds,
  taskTimeoutSeconds,
  type WorkflowTimeoutConfig,
  workflowTimeoutSeconds,
} from "./timeouts.js";
