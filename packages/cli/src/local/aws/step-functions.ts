import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { LocalStepFunctions } from "../step-functions.js";
import { standIn } from "./stand-in.js";

/**
 * The Step Functions API over the local rig's executions: DescribeExecution and GetExecutionHistory (paged,
 * either order), in the SDK's shapes, for the functions that read their own executions.
 *
 * @example
 * installLocalStepFunctionsApi(mockClient(SFNClient), sfn);
 */
export function installLocalStepFunctionsApi(mock: AwsClientStub<SFNClient>, sfn: LocalStepFunctions): void {
  const execution = (arn: string | undefined) => {
    const record = sfn.executions.get(arn ?? "");
    if (!record) {
      throw new ExecutionDoesNotExist({
        message: `Execution Does Not Exist: '${arn}'`,
        $metadata: { httpStatusCode: 400 },
      });
    }
    return record;
  };

  standIn(mock, DescribeExecutionCommand, async (input) => {
    const record = execution(input.executionArn);
    const failed = record.status === "FAILED";
    return {
      executionArn: record.arn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: new Date(record.startDate),
      stopDate: record.stopDate ? new Date(record.stopDate) : undefined,
      input: JSON.stringify(record.input),
      inputDetails: { included: true },
      error: failed ? (record.error ?? undefined) : undefined,
      cause: failed ? (record.cause ?? undefined) : undefined,
      redriveCount: record.redriveCount,
      redriveStatus:
        record.status === "RUNNING" || record.status === "SUCCEEDED" ? "NOT_REDRIVABLE" : "REDRIVABLE",
    };
  });

  standIn(mock, GetExecutionHistoryCommand, async (input) => {
    const events = [...execution(input.executionArn).history];
    if (input.reverseOrder) events.reverse();
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const size = Math.min(input.maxResults || 100, 1000);
    const page = events.slice(start, start + size);
    return {
      events: page.map((event) => ({ ...event, timestamp: new Date(event.timestamp as Date) })),
      nextToken: start + size < events.length ? String(start + size) : undefined,
    };
  });
}
