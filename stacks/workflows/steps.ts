import type { WorkflowName } from "@medpipe/core/events";
import { retriersOf, type WorkflowRun, type WorkflowTaskName } from "@medpipe/core/workflow";
import { Duration } from "aws-cdk-lib";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import * as tasks from "aws-cdk-lib/aws-stepfunctions-tasks";
import type { Construct } from "constructs";
import type { Function as SstFunction } from "sst/constructs";

export type TaskFunctions = Record<WorkflowTaskName, SstFunction>;

/** How much longer a Lambda task state waits than its function may run, so that the function's own timeout wins. */
const TASK_TIMEOUT_MARGIN_SECONDS = 10;

/**
 * A Lambda task state whose output is the handler's return value. It retries what its handler's dependencies
 * raise transiently (core's `retriersOf`), with jittered backoff, and catches nothing: any other error fails the
 * execution at this state, which is where RedriveExecution resumes it, and the run log's failure recorder (a rule
 * on the execution's status change) records the step, error and cause.
 */
export function invoke(
  scope: Construct,
  state: string,
  task: WorkflowTaskName,
  fns: TaskFunctions,
  options: { payload: Record<string, unknown>; resultPath?: string; timeoutSeconds: number },
): tasks.LambdaInvoke {
  const step = new tasks.LambdaInvoke(scope, state, {
    lambdaFunction: fns[task],
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject(options.payload),
    resultPath: options.resultPath,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(options.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS)),
  });
  for (const retrier of retriersOf(task)) {
    step.addRetry({
      errors: retrier.errors,
      interval: Duration.seconds(retrier.intervalSeconds),
      backoffRate: retrier.backoffRate,
      maxAttempts: retrier.maxAttempts,
      maxDelay: Duration.seconds(retrier.maxDelaySeconds),
      jitterStrategy: sfn.JitterType.FULL,
    });
  }
  return step;
}

/**
 * The run a task belongs to ({@link WorkflowRun}): tasks that claim or finish a run in the run log get it, and read
 * the event from it.
 */
export function workflowRun(workflow: WorkflowName) {
  return {
    workflow,
    execution: sfn.JsonPath.stringAt("$$.Execution.Name"),
    event: sfn.JsonPath.objectAt("$$.Execution.Input"),
  } satisfies Record<keyof WorkflowRun, unknown>;
}

/** A duplicate delivery of an event this workflow already ran (or is running): the claiming task said so. */
export function isDuplicate(claimResultPath: string): sfn.Condition {
  return sfn.Condition.stringEquals(`${claimResultPath}.decision`, "duplicate");
}

/**
 * A task whose quota-bound resource had no free slot answers `waiting: true` and how long to wait (every answer
 * carries `waiting`, so that the Choice never reads a missing field): it waits that long, then runs again.
 */
export function untilCapacity(
  scope: Construct,
  name: string,
  resultPath: string,
  task: sfn.IChainable,
): [sfn.Condition, sfn.Wait] {
  const wait = new sfn.Wait(scope, name, { time: sfn.WaitTime.secondsPath(`${resultPath}.waitSeconds`) });
  wait.next(task);
  return [sfn.Condition.booleanEquals(`${resultPath}.waiting`, true), wait];
}
