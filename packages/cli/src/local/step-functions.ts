import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { WORKFLOWS, type WorkflowName } from "@medpipe/core/events";
import { StateMachine } from "aws-local-stepfunctions";
import type { LocalResources } from "./resources.js";

type Definition = {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
  TimeoutSeconds?: number;
};

/** A state machine of the stacks as AWS would run it. */
export interface LocalStateMachine {
  workflow: WorkflowName;
  name: string;
  arn: string;
  definition: Definition;
}

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/**
 * One execution as `executions.jsonl` keeps it: Step Functions' own fields and its history as
 * GetExecutionHistory returns it (without execution data), so that a reader sees every state entered, with its
 * time. A redriven execution is written again under the same name with a higher `redriveCount`.
 */
export interface ExecutionRecord {
  name: string;
  arn: string;
  stateMachineArn: string;
  workflow: WorkflowName;
  status: ExecutionStatus;
  /** States entered, this attempt and the attempts before it. */
  stateTransitions: number;
  /** The states entered, in order, over every attempt. */
  path: string[];
  startDate: string;
  stopDate: string | null;
  /** The state that failed (or was running at a timeout or abort), and Step Functions' error and cause. */
  failedState: string | null;
  error: string | null;
  cause: string | null;
  /** The event that started it. */
  input: unknown;
  redriveCount: number;
  /** Where a redrive resumes: the failed state and the input it was given. */
  resumeAt: { state: string; input: unknown } | null;
  history: HistoryEvent[];
}

/**
 * StartExecution with a name this state machine has used (Step Functions keeps names 90 days), unless that execution
 * is still running with the same input.
 */
export class ExecutionAlreadyExistsError extends Error {
  override name = "ExecutionAlreadyExists";
}

/** RedriveExecution of an execution that did not fail, time out or abort. */
export class ExecutionNotRedrivableError extends Error {
  override name = "ExecutionNotRedrivable";
}

/** The state the local rig inserts before the failed one to give it its input again on a redrive. */
const RESUME_STATE = "medpipe:resume";

/**
 * Step Functions Standard, for the local rig: each state machine's definition as synthesized, run by
 * aws-local-stepfunctions, every Task state invoking its Lambda function through `invokeLambda` (the
 * Resource's ARN). It keeps executions by name, records their history in AWS's shape, reports every status
 * change (`onStatusChange`, as Step Functions sends `Step Functions Execution Status Change` events) and
 * redrives like RedriveExecution: the failed state again, with the input it had, retries counted afresh.
 *
 * @example
 * const sfn = new LocalStepFunctions({ machines, invokeLambda: (arn, payload) => lambda.invoke(arn, payload) });
 * await sfn.start(machine.arn, event, "execution-1");
 */
export class LocalStepFunctions {
  readonly machines: Map<string, LocalStateMachine>;
  readonly executions = new Map<string, ExecutionRecord>();
  readonly #compiled = new Map<string, StateMachine>();
  /** Each running execution's end, by ARN. */
  readonly #ends = new Map<string, Promise<ExecutionRecord>>();
  readonly #invokeLambda: (arn: string, payload: unknown) => Promise<unknown>;
  readonly #onStatusChange: (execution: ExecutionRecord) => Promise<void>;
  #running = 0;

  constructor(options: {
    machines: LocalStateMachine[];
    invokeLambda: (arn: string, payload: unknown) => Promise<unknown>;
    onStatusChange?: (execution: ExecutionRecord) => Promise<void>;
  }) {
    this.machines = new Map(options.machines.map((machine) => [machine.arn, machine]));
    this.#invokeLambda = options.invokeLambda;
    this.#onStatusChange = options.onStatusChange ?? (async () => {});
    // Building a machine validates its whole definition, as creating it in AWS would.
    for (const machine of options.machines) {
      this.#compiled.set(machine.arn, new StateMachine(machine.definition as never));
    }
  }

  /** Takes over an execution a run recorded before it was reopened, to describe or redrive it. */
  restore(record: ExecutionRecord): void {
    this.executions.set(record.arn, structuredClone(record));
  }

  /** Executions not finished yet. */
  get running(): number {
    return this.#running;
  }

  /** The state machine of a workflow. */
  machineOf(workflow: WorkflowName): LocalStateMachine {
    const machine = [...this.machines.values()].find((m) => m.workflow === workflow);
    if (!machine) throw new Error(`no state machine for workflow ${workflow}`);
    return machine;
  }

  /**
   * StartExecution: runs the execution to its end and returns its record. The name and input of an execution still
   * running are that execution, as in Step Functions ("Executions with the same name and input are considered
   * idempotent", ExecutionAlreadyExists in the API reference); a name used otherwise is ExecutionAlreadyExists.
   */
  async start(stateMachineArn: string, input: unknown, name: string): Promise<ExecutionRecord> {
    const machine = this.#machine(stateMachineArn);
    const arn = `${machine.arn.replace(":stateMachine:", ":execution:")}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      const end = this.#ends.get(arn);
      if (end && existing.status === "RUNNING" && JSON.stringify(existing.input) === JSON.stringify(input)) {
        return end;
      }
      throw new ExecutionAlreadyExistsError(`Execution Already Exists: '${arn}'`);
    }
    const record: ExecutionRecord = {
      name,
      arn,
      stateMachineArn: machine.arn,
      workflow: machine.workflow,
      status: "RUNNING",
      stateTransitions: 0,
      path: [],
      startDate: new Date().toISOString(),
      stopDate: null,
      failedState: null,
      error: null,
      cause: null,
      input,
      redriveCount: 0,
      resumeAt: null,
      history: [],
    };
    this.executions.set(arn, record);
    const end = this.#run(machine, record, machine.definition);
    this.#ends.set(arn, end);
    return end.finally(() => this.#ends.delete(arn));
  }

  /** RedriveExecution: resumes a failed, timed-out or aborted execution at its failed state. */
  async redrive(executionArn: string): Promise<ExecutionRecord> {
    const record = this.executions.get(executionArn);
    if (!record) throw new Error(`Execution Does Not Exist: '${executionArn}'`);
    if (record.status === "RUNNING" || record.status === "SUCCEEDED" || !record.resumeAt) {
      throw new ExecutionNotRedrivableError(`Execution is ${record.status} and cannot be redriven`);
    }
    const machine = this.#machine(record.stateMachineArn);
    const { state, input } = record.resumeAt;
    Object.assign(record, {
      status: "RUNNING",
      redriveCount: record.redriveCount + 1,
      stopDate: null,
      failedState: null,
      error: null,
      cause: null,
      resumeAt: null,
    });
    this.#historyEvent(record, "ExecutionRedriven", {
      executionRedrivenEventDetails: { redriveCount: record.redriveCount },
    });
    const resumed: Definition = {
      ...machine.definition,
      StartAt: RESUME_STATE,
      States: { ...machine.definition.States, [RESUME_STATE]: { Type: "Pass", Result: input, Next: state } },
    };
    return this.#run(machine, record, resumed);
  }

  async #run(machine: LocalStateMachine, record: ExecutionRecord, definition: Definition) {
    this.#running++;
    try {
      const compiled =
        definition === machine.definition
          ? (this.#compiled.get(machine.arn) as StateMachine)
          : // The deployed definition, validated when it was created, entered at another state: the validator would
            // call its own start unreachable.
            new StateMachine(definition as never, { validationOptions: { noValidate: true } } as never);
      const taskHandlers = Object.fromEntries(
        Object.entries(machine.definition.States)
          .filter(([, state]) => state.Type === "Task")
          .map(([name, state]) => [
            name,
            (payload: unknown) => this.#invokeLambda(String(state.Resource), payload),
          ]),
      );
      const execution = compiled.run(record.input as never, {
        overrides: { taskResourceLocalHandlers: taskHandlers } as never,
        context: {
          Execution: {
            Id: record.arn,
            Name: record.name,
            RoleArn: `arn:aws:iam::${record.arn.split(":")[4]}:role/${machine.name}`,
            RedriveCount: record.redriveCount,
            ...(record.redriveCount > 0 ? { RedriveTime: new Date().toISOString() } : {}),
          },
          StateMachine: { Id: machine.arn, Name: machine.name },
        },
      });
      if (record.redriveCount === 0) {
        this.#historyEvent(record, "ExecutionStarted", {
          executionStartedEventDetails: { inputDetails: { truncated: false } },
        });
        await this.#onStatusChange(record);
      }
      let current: { name: string; type: string; input: unknown } | null = null;
      let failed: { name: string; input: unknown } | null = null;
      const logs = (async () => {
        for await (const event of execution.eventLogs) {
          const state = (event as { state?: { name: string; type: string; input: unknown } }).state;
          if (event.type === "StateEntered" && state && state.name !== RESUME_STATE) {
            current = state;
            record.path.push(state.name);
            record.stateTransitions++;
            this.#historyEvent(record, `${state.type}StateEntered`, {
              stateEnteredEventDetails: { name: state.name },
            });
            if (state.type === "Task") this.#lambdaInvoked(record, definition, state.name);
          }
          if (event.type === "StateExited" && state && state.name !== RESUME_STATE) {
            if (state.type === "Task") this.#historyEvent(record, "LambdaFunctionSucceeded", {});
            this.#historyEvent(record, `${state.type}StateExited`, {
              stateExitedEventDetails: { name: state.name },
            });
          }
          if (event.type === "StateFailed" && state) {
            failed = { name: state.name, input: state.input };
            const { Error: error, Cause: cause } = event as { Error: string; Cause?: string };
            if (state.type === "Task") {
              this.#historyEvent(
                record,
                error === "States.Timeout" ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed",
                error === "States.Timeout"
                  ? { lambdaFunctionTimedOutEventDetails: { error, cause } }
                  : { lambdaFunctionFailedEventDetails: { error, cause } },
              );
            }
          }
          if (event.type === "StateRetried" && state?.type === "Task") {
            this.#lambdaInvoked(record, definition, state.name);
          }
          if (event.type === "ExecutionFailed") {
            const { Error: error, Cause: cause } = event as { Error?: string; Cause?: string };
            record.status = "FAILED";
            record.error = error ?? null;
            record.cause = cause ?? null;
            this.#historyEvent(record, "ExecutionFailed", { executionFailedEventDetails: { error, cause } });
          }
          if (event.type === "ExecutionTimeout") {
            record.status = "TIMED_OUT";
            this.#historyEvent(record, "ExecutionTimedOut", {
              executionTimedOutEventDetails: { error: "States.Timeout" },
            });
          }
          if (event.type === "ExecutionAborted") {
            record.status = "ABORTED";
            this.#historyEvent(record, "ExecutionAborted", {});
          }
          if (event.type === "ExecutionSucceeded") {
            record.status = "SUCCEEDED";
            this.#historyEvent(record, "ExecutionSucceeded", {});
          }
        }
      })();
      await execution.result.catch(() => undefined);
      await logs;
      record.stopDate = new Date().toISOString();
      if (record.status !== "SUCCEEDED") {
        // A failure in a state resumes there; a timeout or abort resumes in the state that was running.
        const resume =
          (failed as { name: string; input: unknown } | null) ??
          (current as { name: string; input: unknown } | null);
        record.failedState = resume?.name ?? null;
        record.resumeAt = resume ? { state: resume.name, input: resume.input } : null;
      }
      await this.#onStatusChange(record);
      return record;
    } finally {
      this.#running--;
    }
  }

  #machine(arn: string): LocalStateMachine {
    const machine = this.machines.get(arn);
    if (!machine) throw new Error(`State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  /**
   * A Task state whose Resource is a function's ARN invokes it: Step Functions records LambdaFunctionScheduled,
   * then LambdaFunctionStarted (which has no details), before the outcome
   * (docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html).
   */
  #lambdaInvoked(record: ExecutionRecord, definition: Definition, state: string): void {
    this.#historyEvent(record, "LambdaFunctionScheduled", {
      lambdaFunctionScheduledEventDetails: { resource: String(definition.States[state]?.Resource) },
    });
    this.#historyEvent(record, "LambdaFunctionStarted", {});
  }

  #historyEvent(record: ExecutionRecord, type: string, details: Record<string, unknown>): void {
    const id = record.history.length + 1;
    record.history.push({
      id,
      previousEventId: id - 1,
      timestamp: new Date(),
      type,
      ...details,
    } as HistoryEvent);
  }
}

/**
 * The state machines of the synthesized stacks as concrete ASL, each named as deployed, its workflow the
 * definition's Comment.
 *
 * @example
 * const machines = localStateMachines(new LocalResources(templates));
 */
export function localStateMachines(resources: LocalResources): LocalStateMachine[] {
  return resources.ofType("AWS::StepFunctions::StateMachine").map((machine) => {
    const definition = JSON.parse(
      resources.resolveString(machine.properties.DefinitionString, machine.stack),
    ) as Definition & { Comment?: string };
    const workflow = definition.Comment as WorkflowName;
    if (!WORKFLOWS.includes(workflow))
      throw new Error(`state machine with unknown workflow comment ${workflow}`);
    return { workflow, name: machine.name, arn: machine.arn, definition };
  });
}
