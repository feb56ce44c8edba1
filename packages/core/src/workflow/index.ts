export { claimedEvent, runClaimOf, runHolderOf, type WorkflowRun } from "./claim.js";
export { PipelineError, RETRYABLE_ERRORS } from "./errors.js";
export { type CaughtFailure, failureOutcome } from "./failure.js";
export {
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
  type WorkflowTimeoutConfig,
  workflowTimeoutSeconds,
} from "./timeouts.js";
