import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { WorkflowName } from "@medpipe/core/events";
import { FailedStateSearch } from "@medpipe/core/replay";
import pLimit from "p-limit";
import type { OpsReporter } from "./backend.js";

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

/**
 * Step Functions calls an ops command has under way at once. DescribeExecution refills 10 to 15 tokens a second
 * and GetExecutionHistory 20 (Step Functions quotas, API action throttling): a few calls at a time, their
 * throttling retried by the SDK's adaptive mode, go as fast as the account's quota lets them.
 */
export const CONCURRENT_SFN_CALLS = 8;

/**
 * Runs `work` over the items a few at a time (never every Step Functions call at once), reporting progress
 * under `phase`; the results in the items' order.
 */
export async function eachBounded<T, R>(
  items: T[],
  reporter: OpsReporter,
  phase: string,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const limit = pLimit(CONCURRENT_SFN_CALLS);
  let done = 0;
  if (items.length > 0) reporter.progress(phase, 0, items.length);
  return Promise.all(
    items.map((item) =>
      limit(async () => {
        const result = await work(item);
        reporter.progress(phase, ++done, items.length);
        return result;
      }),
    ),
  );
}

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

/** History events a page when looking for the failed state: it is among the last few events. */
const HISTORY_PAGE = 100;

/**
 * The state an execution failed, timed out or was aborted in (core's `failedStateIn`), from its history read
 * backwards page by page, only as far as the answer needs.
 *
 * @example
 * await failedStateOf(sfn, executionArn); // "ExtractEntities"
 */
export async function failedStateOf(sfn: SFNClient, executionArn: string): Promise<string | null> {
  const search = new FailedStateSearch();
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        includeExecutionData: false,
        maxResults: HISTORY_PAGE,
        nextToken,
      }),
    );
    search.read((page.events ?? []).map((event) => ({ ...event, type: event.type ?? "" })));
    nextToken = page.nextToken;
  } while (nextToken && !search.done);
  return search.answer();
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
