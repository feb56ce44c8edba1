import { DescribeExecutionCommand, GetExecutionHistoryCommand } from "@aws-sdk/client-sfn";
import { failedStateIn } from "@medpipe/core/replay";
import { recordExecutionFailure } from "@medpipe/core/workflow";
import { sfn } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/** The newest history events read to find the failed state: it is always among the last few. */
const HISTORY_EVENTS = 1000;

/**
 * A pipeline execution failed, timed out or was aborted (Step Functions' status change, from EventBridge): records
 * where and why in the run log, so that ops see it and the run's claim is released for a redrive or replay.
 */
export const handler = task("record-failure", async (event: { detail: unknown }) =>
  recordExecutionFailure(event.detail, {
    sink: useSink(),
    config: useEnvironment().config,
    failedState: async (executionArn) => {
      const { events = [] } = await sfn().send(
        new GetExecutionHistoryCommand({
          executionArn,
          reverseOrder: true,
          includeExecutionData: false,
          maxResults: HISTORY_EVENTS,
        }),
      );
      return failedStateIn(events);
    },
    input: async (executionArn) =>
      (await sfn().send(new DescribeExecutionCommand({ executionArn }))).input ?? null,
  }),
);
