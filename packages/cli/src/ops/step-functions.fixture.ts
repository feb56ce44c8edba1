import { randomUUID } from "node:crypto";
import type { ExecutionStatus } from "@aws-sdk/client-sfn";
import { WORKFLOWS } from "@medpipe/core/events";

/**
 * Test scaffolding: Step Functions as a service model behind the SDK's HTTP handler, so that the whole client
 * runs (serialization, the adaptive retry, error parsing) against answers shaped as the Step Functions API
 * reference documents them, and throttles past its quotas on the test's clock. Used by tests only.
 */

/** An execution the model holds. */
export interface ModelExecution {
  workflow: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  input: unknown;
  error?: string;
  cause?: string;
  redriveStatus?: "REDRIVABLE" | "NOT_REDRIVABLE";
  redriveStatusReason?: string;
  /** The state it stopped in, for the history the model makes up when none is given. */
  failedIn?: string;
  /** Its history, oldest first. */
  history?: { type: string; name?: string }[];
  /** DescribeExecution answers RUNNING this many more times before the status (an execution under way). */
  runningLooks?: number;
}

/** Token buckets of the API actions (bucket size, refill a second). */
type Quotas = Record<string, { bucket: number; refill: number }>;

/**
 * Europe (Ireland)'s quotas (Step Functions developer guide, "Quotas related to API action throttling"):
 * actions not listed there are not throttled here.
 */
export const IRELAND_QUOTAS: Quotas = {
  DescribeExecution: { bucket: 300, refill: 15 },
  GetExecutionHistory: { bucket: 400, refill: 20 },
  ListExecutions: { bucket: 200, refill: 5 },
  ListStateMachines: { bucket: 100, refill: 5 },
  StartExecution: { bucket: 1300, refill: 300 },
};

interface WireRequest {
  headers: Record<string, string>;
  body?: unknown;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The Step Functions of one stage's account and region (its state machines `<stage>-medpipe-<workflow>`, and one
 * of another stage), answering the calls the ops commands make through `handler`.
 *
 * @example
 * const sfn = new StepFunctionsModel({ stage: "prod", region, account, now: Date.now });
 * awsBackend({ ..., requestHandler: sfn.handler });
 */
export class StepFunctionsModel {
  readonly executions: ModelExecution[] = [];
  /** Every call answered or refused, in order. */
  readonly calls: { operation: string; input: Record<string, unknown> }[] = [];
  throttled = 0;
  /** How a started or redriven execution ends; at once and SUCCEEDED unless a test says otherwise. */
  outcome: (execution: ModelExecution) => Partial<ModelExecution> = () => ({ status: "SUCCEEDED" });
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: {
      stage: string;
      region: string;
      account: string;
      now: () => number;
      quotas?: Quotas;
    },
  ) {}

  machineArn(workflow: string): string {
    const { region, account, stage } = this.options;
    return `arn:aws:states:${region}:${account}:stateMachine:${stage}-medpipe-${workflow}`;
  }

  executionArn(workflow: string, name: string): string {
    return `${this.machineArn(workflow).replace(":stateMachine:", ":execution:")}:${name}`;
  }

  add(...executions: ModelExecution[]): this {
    this.executions.push(...executions);
    return this;
  }

  /** How many calls of an action were made. */
  count(operation: string): number {
    return this.calls.filter((call) => call.operation === operation).length;
  }

  /** Starts an execution as a rule target does: under a name EventBridge generates. */
  startFromRule(workflow: string, input: unknown): ModelExecution {
    const execution: ModelExecution = {
      workflow,
      name: randomUUID(),
      status: "RUNNING",
      startDate: new Date(this.options.now()).toISOString(),
      input,
    };
    this.executions.push(this.finish(execution));
    return execution;
  }

  readonly handler = {
    handle: async (request: WireRequest) => {
      const target = Object.entries(request.headers).find(([name]) => name.toLowerCase() === "x-amz-target");
      const operation = String(target?.[1] ?? "").replace(/^AWSStepFunctions\./, "");
      const body = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : request.body;
      const input = JSON.parse(String(body ?? "{}")) as Record<string, unknown>;
      this.calls.push({ operation, input });
      try {
        this.take(operation);
        return respond(200, toWire(this.answer(operation, input)));
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        return respond(400, { __type: error.type, message: error.message });
      }
    },
  };

  private take(operation: string): void {
    const quota = this.options.quotas?.[operation];
    if (!quota) return;
    const now = this.options.now();
    const bucket = this.buckets.get(operation) ?? { tokens: quota.bucket, at: now };
    bucket.tokens = Math.min(quota.bucket, bucket.tokens + ((now - bucket.at) / 1000) * quota.refill);
    bucket.at = now;
    this.buckets.set(operation, bucket);
    if (bucket.tokens < 1) {
      this.throttled++;
      throw new ServiceError("ThrottlingException", "Rate exceeded");
    }
    bucket.tokens -= 1;
  }

  private answer(operation: string, input: Record<string, unknown>): unknown {
    switch (operation) {
      case "ListStateMachines": {
        const machines = [...WORKFLOWS.map((w) => this.machineArn(w)), this.machineArn("x")].map((arn) => ({
          stateMachineArn: arn,
          name: arn.endsWith(":x") ? "dev-medpipe-attendance" : arn.split(":stateMachine:")[1],
          type: "STANDARD",
          creationDate: new Date("2026-01-01T00:00:00Z"),
        }));
        return page("stateMachines", machines, input, 100);
      }
      case "ListExecutions": {
        const arn = String(input.stateMachineArn);
        if (!WORKFLOWS.some((w) => this.machineArn(w) === arn)) {
          throw new ServiceError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
        }
        const listed = this.executions
          .filter((e) => this.machineArn(e.workflow) === arn)
          .filter((e) => !input.statusFilter || e.status === input.statusFilter)
          .sort((a, b) => Date.parse(b.startDate) - Date.parse(a.startDate))
          .map((e) => ({
            executionArn: this.executionArn(e.workflow, e.name),
            stateMachineArn: arn,
            name: e.name,
            status: e.status,
            startDate: new Date(e.startDate),
            stopDate: e.stopDate ? new Date(e.stopDate) : undefined,
          }));
        return page("executions", listed, input, 100);
      }
      case "DescribeExecution": {
        const e = this.find(String(input.executionArn));
        const running = (e.runningLooks ?? 0) > 0;
        if (running) e.runningLooks = (e.runningLooks ?? 0) - 1;
        return {
          executionArn: input.executionArn,
          stateMachineArn: this.machineArn(e.workflow),
          name: e.name,
          status: running ? "RUNNING" : e.status,
          startDate: new Date(e.startDate),
          stopDate: !running && e.stopDate ? new Date(e.stopDate) : undefined,
          input: JSON.stringify(e.input),
          error: running ? undefined : e.error,
          cause: running ? undefined : e.cause,
          redriveStatus: e.redriveStatus ?? (e.status === "SUCCEEDED" ? "NOT_REDRIVABLE" : "REDRIVABLE"),
          redriveStatusReason: e.redriveStatusReason,
        };
      }
      case "GetExecutionHistory": {
        const e = this.find(String(input.executionArn));
        const events = historyOf(e).map((event, index) => ({
          id: index + 1,
          previousEventId: index,
          timestamp: new Date(e.stopDate ?? e.startDate),
          type: event.type,
          ...(event.name ? { stateEnteredEventDetails: { name: event.name } } : {}),
        }));
        return page("events", input.reverseOrder ? events.reverse() : events, input, 100);
      }
      case "RedriveExecution": {
        const e = this.find(String(input.executionArn));
        if (!["FAILED", "TIMED_OUT", "ABORTED"].includes(e.status) || e.redriveStatus === "NOT_REDRIVABLE") {
          throw new ServiceError(
            "ExecutionNotRedrivable",
            e.redriveStatusReason ?? `Execution is ${e.status} and cannot be redriven`,
          );
        }
        Object.assign(e, { status: "RUNNING", stopDate: undefined, error: undefined, cause: undefined });
        this.finish(e);
        return { redriveDate: new Date(this.options.now()) };
      }
      case "StartExecution": {
        const workflow = WORKFLOWS.find((w) => this.machineArn(w) === input.stateMachineArn);
        if (!workflow) throw new ServiceError("StateMachineDoesNotExist", "State Machine Does Not Exist");
        const name = String(input.name);
        const existing = this.executions.find((e) => e.workflow === workflow && e.name === name);
        if (existing) {
          if (existing.status !== "RUNNING" || JSON.stringify(existing.input) !== input.input) {
            throw new ServiceError("ExecutionAlreadyExists", `Execution Already Exists: '${name}'`);
          }
        } else {
          const execution: ModelExecution = {
            workflow,
            name,
            status: "RUNNING",
            startDate: new Date(this.options.now()).toISOString(),
            input: JSON.parse(String(input.input)),
          };
          this.executions.push(this.finish(execution));
        }
        return { executionArn: this.executionArn(workflow, name), startDate: new Date(this.options.now()) };
      }
      default:
        throw new ServiceError("UnknownOperationException", `${operation} is not modelled`);
    }
  }

  private finish(execution: ModelExecution): ModelExecution {
    const outcome = this.outcome(execution);
    return Object.assign(execution, {
      stopDate: new Date(this.options.now()).toISOString(),
      ...outcome,
    });
  }

  private find(arn: string): ModelExecution {
    const e = this.executions.find((x) => this.executionArn(x.workflow, x.name) === arn);
    if (!e) throw new ServiceError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return e;
  }
}

/** A page of a listing: `maxResults` (1 to 1,000) from the position `nextToken` names. */
function page(key: string, items: unknown[], input: Record<string, unknown>, defaultSize: number) {
  const size = Number(input.maxResults ?? defaultSize) || defaultSize;
  if (size < 1 || size > 1000) throw new ServiceError("ValidationException", "maxResults must be 1 to 1000");
  const start = Number(input.nextToken ?? 0);
  const end = start + size;
  return { [key]: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined };
}

/** The history of an execution as Step Functions records it for a Lambda task that failed after a retry. */
function historyOf(e: ModelExecution): { type: string; name?: string }[] {
  if (e.history) return e.history;
  const state = e.failedIn ?? "RecordAttendance";
  const task = [
    { type: "TaskStateEntered", name: state },
    { type: "TaskScheduled" },
    { type: "TaskStarted" },
  ];
  switch (e.status) {
    case "FAILED":
      return [
        { type: "ExecutionStarted" },
        ...task,
        { type: "TaskFailed" },
        { type: "TaskScheduled" },
        { type: "TaskStarted" },
        { type: "TaskFailed" },
        { type: "ExecutionFailed" },
      ];
    case "TIMED_OUT":
      return [{ type: "ExecutionStarted" }, ...task, { type: "ExecutionTimedOut" }];
    case "ABORTED":
      return [{ type: "ExecutionStarted" }, ...task, { type: "ExecutionAborted" }];
    default:
      return [
        { type: "ExecutionStarted" },
        ...task,
        { type: "TaskSucceeded" },
        { type: "TaskStateExited" },
        { type: "ExecutionSucceeded" },
      ];
  }
}

/** JSON as awsJson1_0 carries it: timestamps as epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toWire(v)]),
    );
  }
  return value;
}

function respond(statusCode: number, body: unknown) {
  return {
    response: {
      statusCode,
      headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID() },
      body: new TextEncoder().encode(JSON.stringify(body)),
    },
  };
}
