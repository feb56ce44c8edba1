import * as z from "zod";
import { WORKFLOWS, type WorkflowName } from "../events/workflows.js";
import type { RunFailure, Sink } from "../sink/sink.js";
import { runClaimOf } from "./claim.js";
import { failureOutcome } from "./failure.js";
import type { WorkflowTimeoutConfig } from "./timeouts.js";

/** The `detail` of a Step Functions Execution Status Change event, as far as the failure recorder reads it. */
const statusChange = z.object({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  name: z.string(),
  status: z.enum(["FAILED", "TIMED_OUT", "ABORTED"]),
  input: z.string().nullish(),
  inputDetails: z.object({ included: z.boolean() }).nullish(),
  error: z.string().nullish(),
  cause: z.string().nullish(),
});

export type ExecutionStatusChange = z.infer<typeof statusChange>;

const STATUS: Record<ExecutionStatusChange["status"], RunFailure["status"]> = {
  FAILED: "failed",
  TIMED_OUT: "timed-out",
  ABORTED: "aborted",
};

/** What Step Functions reports when it gives no error name (a timeout, an abort). */
const STATUS_ERROR: Record<ExecutionStatusChange["status"], string> = {
  FAILED: "States.Runtime",
  TIMED_OUT: "States.Timeout",
  ABORTED: "ExecutionAborted",
};

/** The state machine is none of the pipeline's workflows (`<stage>-medpipe-<workflow>`). */
export class NotAPipelineExecutionError extends Error {
  override name = "NotAPipelineExecutionError";
}

/**
 * Records in the run log that an execution ended without success: its step (read from its history), error and
 * the cause's message. The run is the one the execution's input (its event) claimed; an event too broken to be
 * claimed is logged under the execution's name. A run another execution now holds, or that succeeded meanwhile,
 * is left as it is.
 *
 * @example
 * await recordExecutionFailure(event.detail, { sink, failedState: () => failedStateOf(arn), input: () => describe(arn) });
 */
export async function recordExecutionFailure(
  detail: unknown,
  sources: {
    sink: Pick<Sink, "recordRunFailure">;
    /** The deployed configuration: how long a claim of the workflow stays the execution's. */
    config: WorkflowTimeoutConfig;
    /** The state that failed, from the execution's history. */
    failedState: (executionArn: string) => Promise<string | null>;
    /** The execution's input, when the event left it out (too large to include, or the state machine encrypted). */
    input: (executionArn: string) => Promise<string | null>;
  },
): Promise<{ idempotencyKey: string; status: RunFailure["status"] }> {
  const change = statusChange.parse(detail);
  const workflow = workflowOf(change.stateMachineArn);
  const rawInput =
    change.inputDetails?.included === false || change.input == null
      ? await sources.input(change.executionArn)
      : change.input;
  const claim = runClaimOf(
    { workflow, execution: change.name, event: parsedInput(rawInput) },
    sources.config,
  );
  const outcome = failureOutcome({
    step: await sources.failedState(change.executionArn),
    failure: { Error: change.error ?? STATUS_ERROR[change.status], Cause: change.cause },
  });
  const status = STATUS[change.status];
  await sources.sink.recordRunFailure(claim, { ...outcome, status });
  return { idempotencyKey: claim.idempotencyKey, status };
}

function workflowOf(stateMachineArn: string): WorkflowName {
  const name = stateMachineArn.split(":").at(-1) ?? "";
  const workflow = WORKFLOWS.find((w) => name.endsWith(`-medpipe-${w}`));
  if (!workflow) throw new NotAPipelineExecutionError(`${stateMachineArn} is not a medpipe workflow`);
  return workflow;
}

function parsedInput(input: string | null | undefined): unknown {
  try {
    return JSON.parse(input ?? "null");
  } catch {
    return null;
  }
}
