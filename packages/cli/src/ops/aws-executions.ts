import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  type HistoryEventType,
  ListExecutionsCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { WorkflowName } from "@medpipe/core/events";

/** An execution as DescribeExecution reports it, its input parsed (the EventBridge event). */
export interface DescribedExecution {
  arn: string;
  name: string;
  workflow: WorkflowName;
  status: ExecutionStatus;
  startDate: string;
  stopDate: string | null;
  input: unknown;
  error: string | null;
  cause: string | null;
  redriveStatus: string | null;
  redriveStatusReason: string | null;
}

/** Statuses an execution does not leave by itself (PENDING_REDRIVE and RUNNING are still under way). */
export const FINISHED: readonly ExecutionStatus[] = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
export const UNSUCCESSFUL = ["FAILED", "TIMED_OUT", "ABORTED"] as const;

/** History events of a state that failed; the execution-level ones only repeat the error. */
const STATE_FAILURES = new Set<HistoryEventType>([
  "ActivityFailed",
  "ActivityScheduleFailed",
  "ActivityTimedOut",
  "LambdaFunctionFailed",
  "LambdaFunctionScheduleFailed",
  "LambdaFunctionStartFailed",
  "LambdaFunctionTimedOut",
  "MapStateFailed",
  "ParallelStateFailed",
  "TaskFailed",
  "TaskStartFailed",
  "TaskSubmitFailed",
  "TaskTimedOut",
]);

/**
 * A state machine's executions (of one status, when given), newest first as ListExecutions returns them; with
 * `startedSince`, paging stops at the first older execution.
 *
 * @example
 * const failed = await listExecutions(sfn, stateMachineArn, { status: "FAILED" });
 */
export async function listExecutions(
  sfn: SFNClient,
  stateMachineArn: string,
  options: { status?: ExecutionStatus; startedSince?: Date },
): Promise<ExecutionListItem[]> {
  const listed: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn,
        statusFilter: options.status,
        maxResults: 1000,
        nextToken,
      }),
    );
    for (const execution of page.executions ?? []) {
      if (options.startedSince && (execution.startDate?.getTime() ?? 0) < options.startedSince.getTime()) {
        return listed;
      }
      listed.push(execution);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return listed;
}

/**
 * DescribeExecution, with the input parsed.
 *
 * @example
 * const { input, status } = await describeExecution(sfn, executionArn, "transcription");
 */
export async function describeExecution(
  sfn: SFNClient,
  executionArn: string,
  workflow: WorkflowName,
): Promise<DescribedExecution> {
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  return {
    arn: executionArn,
    name: described.name ?? executionArn.split(":").at(-1) ?? executionArn,
    workflow,
    status: described.status ?? "RUNNING",
    startDate: (described.startDate ?? new Date(0)).toISOString(),
    stopDate: described.stopDate?.toISOString() ?? null,
    input: parseInput(described.input),
    error: described.error ?? null,
    cause: described.cause ?? null,
    redriveStatus: described.redriveStatus ?? null,
    redriveStatusReason: described.redriveStatusReason ?? null,
  };
}

/**
 * The state an execution failed in, from its history read backwards: the state entered before the last state
 * failure (a Task caught and sent down the failure path, or a plain Task failure); for a timeout or an abort,
 * which no state failure precedes, the last state entered.
 *
 * @example
 * await failedStateOf(sfn, executionArn); // "ExtractEntities"
 */
export async function failedStateOf(sfn: SFNClient, executionArn: string): Promise<string | null> {
  let failureSeen = false;
  let lastEntered: string | null = null;
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        includeExecutionData: false,
        maxResults: 1000,
        nextToken,
      }),
    );
    for (const event of page.events ?? []) {
      const entered = event.stateEnteredEventDetails?.name ?? null;
      if (failureSeen && entered) return entered;
      if (STATE_FAILURES.has(event.type as HistoryEventType)) failureSeen = true;
      if (entered && lastEntered === null && event.type !== "FailStateEntered") lastEntered = entered;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return lastEntered;
}

/**
 * The ARN of a state machine's execution of this name.
 *
 * @example
 * executionArnOf("arn:aws:states:eu-west-1:1:stateMachine:prod-medpipe-attendance", "a1"); // "…:execution:prod-medpipe-attendance:a1"
 */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

function parseInput(input: string | undefined): unknown {
  if (input === undefined) return null;
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}
