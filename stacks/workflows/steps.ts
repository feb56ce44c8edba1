import type { WorkflowName } from "@medpipe/core/events";
import type { WorkflowRun, WorkflowTaskName } from "@medpipe/core/workflow";
import { RETRYABLE_ERRORS } from "@medpipe/core/workflow";
import { Duration } from "aws-cdk-lib";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import * as tasks from "aws-cdk-lib/aws-stepfunctions-tasks";
import type { Construct } from "constructs";
import type { Function as SstFunction } from "sst/constructs";

export type TaskFunctions = Record<WorkflowTaskName, SstFunction>;

/** Where a caught error goes: a state that records the failed step, then the run log and a Fail state. */
export type FailurePath = (failedStep: string) => sfn.IChainable;

/**
 * A Lambda task state whose output is the handler's return value, retrying transient errors with jittered
 * backoff and sending anything else to the failure path.
 */
export function invoke(
  scope: Construct,
  state: string,
  fn: SstFunction,
  options: { payload: Record<string, unknown>; resultPath?: string; onFailure: FailurePath },
): tasks.LambdaInvoke {
  const step = new tasks.LambdaInvoke(scope, state, {
    lambdaFunction: fn,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject(options.payload),
    resultPath: options.resultPath,
  });
  step.addRetry({
    errors: [...RETRYABLE_ERRORS],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 8,
    maxDelay: Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  });
  step.addCatch(options.onFailure(state), { resultPath: "$.failure" });
  return step;
}

/**
 * The run a task belongs to ({@link WorkflowRun}): tasks that claim, finish or fail a run in the run log get it,
 * and read the event from it.
 */
export function workflowRun(workflow: WorkflowName) {
  return {
    workflow,
    execution: sfn.JsonPath.stringAt("$$.Execution.Name"),
    event: sfn.JsonPath.objectAt("$$.Execution.Input"),
  } satisfies Record<keyof WorkflowRun, unknown>;
}

/**
 * The failure path of a workflow: note the failed step, record it in the run log (best effort: its
 * own failure still ends in the Fail state), and fail the execution with the original error and cause.
 */
export function recordedFailure(
  scope: Construct,
  workflow: WorkflowName,
  recordFailure: SstFunction,
): FailurePath {
  const failed = new sfn.Fail(scope, "Failed", {
    errorPath: "$.failure.Error",
    causePath: "$.failure.Cause",
  });
  const record = new tasks.LambdaInvoke(scope, "RecordFailure", {
    lambdaFunction: recordFailure,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject({
      run: workflowRun(workflow),
      step: sfn.JsonPath.stringAt("$.failedStep"),
      failure: sfn.JsonPath.objectAt("$.failure"),
    }),
    resultPath: sfn.JsonPath.DISCARD,
  });
  record.addRetry({
    errors: [...RETRYABLE_ERRORS],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 3,
  });
  record.addCatch(failed, { resultPath: sfn.JsonPath.DISCARD });
  record.next(failed);
  return (failedStep) =>
    new sfn.Pass(scope, `${failedStep}Failed`, {
      result: sfn.Result.fromString(failedStep),
      resultPath: "$.failedStep",
    }).next(record);
}

/** A duplicate delivery of an event this workflow already ran (or is running): the claiming task said so. */
export function isDuplicate(claimResultPath: string): sfn.Condition {
  return sfn.Condition.stringEquals(`${claimResultPath}.decision`, "duplicate");
}
