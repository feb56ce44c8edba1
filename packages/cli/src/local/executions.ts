import { WORKFLOW_TASKS, type WorkflowTaskName } from "@medpipe/core/workflow";
import { StateMachine } from "aws-local-stepfunctions";
import type { LocalStateMachine } from "./state-machines.js";

export type TaskHandler = (input: never) => Promise<unknown>;
export type TaskHandlers = Record<WorkflowTaskName, TaskHandler>;

/** One execution as `medpipe failures` and `medpipe status` read it; Step Functions' own fields, no payloads. */
export interface ExecutionRecord {
  name: string;
  workflow: string;
  status: "SUCCEEDED" | "FAILED";
  stateTransitions: number;
  /** The states entered, in order: which branches the execution took. */
  path: string[];
  startDate: string;
  stopDate: string;
  /** The state that failed and Step Functions' error and cause, for a failed execution. */
  failedState: string | null;
  error: string | null;
  cause: string | null;
  /** The EventBridge event that started it, so that a replay or redrive can start it again. */
  input: unknown;
}

/** The real handlers of every workflow task, loaded from `packages/functions/src/<task>.ts`. */
export async function loadTaskHandlers(): Promise<TaskHandlers> {
  const entries = await Promise.all(
    WORKFLOW_TASKS.map(async (task) => {
      const module = (await import(`@medpipe/functions/${task}`)) as { handler: TaskHandler };
      return [task, module.handler] as const;
    }),
  );
  return Object.fromEntries(entries) as TaskHandlers;
}

/** One aws-local-stepfunctions machine per definition: building one validates the whole ASL, so once is enough. */
const compiled = new WeakMap<LocalStateMachine, StateMachine>();

/** Builds (and so validates) a machine ahead of its first execution, as deploying it would. */
export function compile(machine: LocalStateMachine): StateMachine {
  let stateMachine = compiled.get(machine);
  if (!stateMachine) {
    stateMachine = new StateMachine(machine.definition as never);
    compiled.set(machine, stateMachine);
  }
  return stateMachine;
}

/**
 * Runs one execution of a state machine with aws-local-stepfunctions: every Task state calls the handler of
 * its task in process, Wait states and retry intervals take no time.
 */
export async function execute(
  machine: LocalStateMachine,
  input: unknown,
  options: { name: string; handlers: TaskHandlers },
): Promise<ExecutionRecord> {
  const states = Object.entries(machine.definition.States);
  const overrides = {
    taskResourceLocalHandlers: Object.fromEntries(
      Object.entries(machine.taskOfState).map(([state, task]) => [
        state,
        (payload: unknown) => options.handlers[task as WorkflowTaskName](payload as never),
      ]),
    ),
    waitTimeOverrides: Object.fromEntries(
      states.filter(([, s]) => s.Type === "Wait").map(([name]) => [name, 0]),
    ),
    retryIntervalOverrides: Object.fromEntries(states.filter(([, s]) => s.Retry).map(([name]) => [name, 0])),
  };
  const startDate = new Date().toISOString();
  const run = compile(machine).run(input as never, {
    overrides: overrides as never,
    context: { Execution: { Name: options.name, Id: `local:${machine.workflow}:${options.name}` } },
  });
  const path: string[] = [];
  let failedState: string | null = null;
  let failure: { Error?: string; Cause?: unknown } = {};
  const logs = (async () => {
    for await (const event of run.eventLogs) {
      if (event.type === "StateEntered") path.push(event.state.name);
      if (event.type === "StateFailed" && failedState === null) failedState = event.state.name;
      if (event.type === "ExecutionFailed") failure = event;
    }
  })();
  const status = await run.result.then(
    () => "SUCCEEDED" as const,
    () => "FAILED" as const,
  );
  await logs;
  return {
    name: options.name,
    workflow: machine.workflow,
    status,
    stateTransitions: path.length,
    path,
    startDate,
    stopDate: new Date().toISOString(),
    failedState: status === "FAILED" ? failedState : null,
    error: status === "FAILED" ? (failure.Error ?? "States.Runtime") : null,
    cause: status === "FAILED" && failure.Cause !== undefined ? String(failure.Cause) : null,
    input,
  };
}
