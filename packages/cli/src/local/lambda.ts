import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { HANDLER_VARIABLE, MESSAGING_HANDLERS, type MessagingHandler } from "@medpipe/core/messaging";
import { TASK_VARIABLE, TASKS, type TaskName } from "@medpipe/core/workflow";
import { localApiRoutes } from "./api-gateway.js";
import type { LocalResources } from "./resources.js";
import type { VirtualClock } from "./virtual-clock.js";

/** One Lambda function of the stacks, as the template defines it. */
export interface LocalFunction {
  name: string;
  arn: string;
  /** Its handler's module under `packages/functions/src`: a task's name, or an API route's handler. */
  source: string;
  /** Exactly the variables the template gives the function, resolved. */
  environment: Record<string, string>;
  timeoutSeconds: number;
  reservedConcurrency: number | null;
}

/** What the Lambda service and the runtime report when a function fails; Step Functions sees the same. */
export class LambdaInvokeError extends Error {
  constructor(
    /** The `errorType` of the failure, which becomes the Step Functions error name. */
    errorType: string,
    /** The `Cause`: the runtime's `{ errorType, errorMessage, trace }` JSON, or the service's message. */
    cause: string,
  ) {
    super(cause);
    this.name = errorType;
  }
}

interface Container {
  handler: (event: unknown, context: unknown) => Promise<unknown>;
  busy: boolean;
  /** Its process's environment: what the runtime started it with, and whatever its code has set since. */
  environment: Record<string, string | undefined>;
}

/** Containers started in this process, by every runner. */
let containersInProcess = 0;

/** The environment of the container a piece of code runs in; outside any container, the runner's own. */
const containerEnvironment = new AsyncLocalStorage<Record<string, string | undefined>>();

/**
 * Lambda, for the local rig. Each function runs its own bundle in containers of its own: a container is a fresh
 * module instance of the bundle, created on a cold start, reused when idle, so module state is per container as
 * in AWS. Code in a container sees exactly the function's variables from the template plus what the Lambda
 * runtime itself sets (`runtimeEnvironment`), never the runner's environment. Invocations past the function's
 * reserved concurrency or the account's limit are throttled, a function that runs past its timeout fails with
 * `Sandbox.Timedout` (on the virtual clock), and errors reach the caller as the runtime reports them.
 *
 * @example
 * const lambda = new LocalLambda({ functions, bundles, runtimeEnvironment: { AWS_REGION: "eu-west-1" } });
 * await lambda.invoke(arn, payload);
 */
export class LocalLambda {
  readonly #functions: Map<string, LocalFunction>;
  readonly #containers = new Map<string, Container[]>();
  readonly #bundles: Map<string, string>;
  readonly #runtimeEnvironment: (fn: LocalFunction) => Record<string, string>;
  readonly #accountConcurrency: number;
  readonly #clock: VirtualClock | null;
  #coldStarts = 0;
  #peakConcurrency = 0;
  #asyncInFlight = 0;

  constructor(options: {
    functions: LocalFunction[];
    bundles: Map<string, string>;
    runtimeEnvironment: (fn: LocalFunction) => Record<string, string>;
    /** The account's concurrent executions in the region. */
    accountConcurrency: number;
    clock?: VirtualClock;
  }) {
    this.#functions = new Map(
      options.functions.flatMap((fn) => [[fn.arn, fn] as const, [fn.name, fn] as const]),
    );
    this.#bundles = options.bundles;
    this.#runtimeEnvironment = options.runtimeEnvironment;
    this.#accountConcurrency = options.accountConcurrency;
    this.#clock = options.clock ?? null;
    isolateProcessEnvironment();
  }

  /** The function a name or ARN names. */
  function(reference: string): LocalFunction {
    const fn = this.#functions.get(reference);
    if (!fn) throw new LambdaInvokeError("ResourceNotFoundException", `Function not found: ${reference}`);
    return fn;
  }

  /** How many containers were created (cold starts) so far. */
  get coldStarts(): number {
    return this.#coldStarts;
  }

  /** The most invocations that ran at once, across every function: what the account's concurrency had to hold. */
  get peakConcurrency(): number {
    return this.#peakConcurrency;
  }

  /** Asynchronous invocations (and their retries) not finished yet. */
  get asyncInFlight(): number {
    return this.#asyncInFlight;
  }

  /**
   * A synchronous (RequestResponse) invocation: the handler's result as JSON would carry it, or a
   * {@link LambdaInvokeError} as the runtime reports the failure.
   */
  async invoke(reference: string, payload: unknown): Promise<unknown> {
    const fn = this.function(reference);
    const container = await this.#container(fn);
    this.#peakConcurrency = Math.max(this.#peakConcurrency, this.#concurrency());
    const requestId = randomUUID();
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      functionName: fn.name,
      invokedFunctionArn: fn.arn,
      awsRequestId: requestId,
      memoryLimitInMB: "",
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    try {
      const event = JSON.parse(JSON.stringify(payload ?? null));
      const result = await Promise.race([
        containerEnvironment.run(container.environment, () => container.handler(event, context)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(timeoutError(requestId, fn.timeoutSeconds));
          }, fn.timeoutSeconds * 1000);
        }),
      ]);
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } catch (error) {
      if (error instanceof LambdaInvokeError) throw error;
      throw runtimeError(error);
    } finally {
      clearTimeout(timer);
      container.busy = false;
      // A timed-out container is not reused: Lambda shuts its runtime down.
      if (timedOut)
        this.#containers.set(
          fn.arn,
          (this.#containers.get(fn.arn) ?? []).filter((c) => c !== container),
        );
    }
  }

  /**
   * An asynchronous (Event) invocation, as EventBridge makes one: Lambda retries a function error twice, a minute
   * then two minutes later; a throttled event goes back to its queue and is tried again, a second later at first and
   * at most five minutes apart, until it is six hours old. Then the event goes to `onFailure` (the function's
   * dead-letter queue).
   */
  invokeAsync(reference: string, payload: unknown, onFailure: (error: Error) => Promise<void>): void {
    this.#asyncInFlight++;
    const queuedAt = Date.now();
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const attempt = async (errors: number, throttles: number): Promise<void> => {
      try {
        await this.invoke(reference, payload);
      } catch (error) {
        if ((error as Error).name === THROTTLED) {
          const age = Date.now() - queuedAt;
          if (age >= MAX_EVENT_AGE_MS) return onFailure(error as Error);
          await later(Math.min(1000 * 2 ** throttles, MAX_THROTTLE_BACKOFF_MS, MAX_EVENT_AGE_MS - age));
          return attempt(errors, throttles + 1);
        }
        if (errors < ASYNC_RETRIES) {
          await later(60_000 * (errors + 1));
          return attempt(errors + 1, throttles);
        }
        await onFailure(error as Error);
      }
    };
    void attempt(0, 0).finally(() => this.#asyncInFlight--);
  }

  /**
   * A container for one invocation, marked busy before anything else can pick it: a container serves one
   * invocation at a time, and an invocation that finds none idle starts one (a cold start) or is throttled.
   */
  async #container(fn: LocalFunction): Promise<Container> {
    const containers = this.#containers.get(fn.arn) ?? [];
    this.#containers.set(fn.arn, containers);
    const idle = containers.find((c) => !c.busy);
    if (idle) {
      idle.busy = true;
      return idle;
    }
    if (fn.reservedConcurrency !== null && containers.length >= fn.reservedConcurrency) throw throttled(fn);
    if (this.#concurrency() >= this.#accountConcurrency) throw throttled(fn);
    const container: Container = {
      handler: async () => undefined,
      busy: true,
      environment: { ...fn.environment, ...this.#runtimeEnvironment(fn) },
    };
    containers.push(container);
    try {
      container.handler = await this.#coldStart(fn, container.environment);
    } catch (error) {
      containers.splice(containers.indexOf(container), 1);
      throw runtimeError(error);
    }
    return container;
  }

  #concurrency(): number {
    let total = 0;
    for (const containers of this.#containers.values()) total += containers.filter((c) => c.busy).length;
    return total;
  }

  /** A new module instance of the function's bundle, its top-level code run in the function's environment. */
  async #coldStart(fn: LocalFunction, environment: Container["environment"]): Promise<Container["handler"]> {
    const file = this.#bundles.get(fn.source);
    if (!file) throw new Error(`no bundle for ${fn.source}`);
    this.#coldStarts++;
    // Node keeps a module per URL for the life of the process, so the number is unique across runners too.
    const url = `${pathToFileURL(file).href}?container=${++containersInProcess}`;
    const module = (await containerEnvironment.run(environment, () => {
      const loading = import(url) as Promise<{ handler: Container["handler"] }>;
      return this.#clock ? this.#clock.io(loading) : loading;
    })) as { handler?: Container["handler"] };
    if (typeof module.handler !== "function") throw new Error(`${fn.source} exports no handler`);
    return module.handler;
  }
}

/**
 * Lambda retries an asynchronous invocation's function error twice, and a throttled one with backoff up to five
 * minutes until the event is six hours old (docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
 */
const ASYNC_RETRIES = 2;
const MAX_THROTTLE_BACKOFF_MS = 5 * 60_000;
const MAX_EVENT_AGE_MS = 6 * 3600_000;
/** The error of an invocation past the function's or the account's concurrency. */
const THROTTLED = "Lambda.TooManyRequestsException";

/**
 * The stacks' functions the rig can run: every task (its `MEDPIPE_TASK` variable names it), every function
 * behind a route of the HTTP API (core's route table names its handler) and the messaging functions (their
 * `MEDPIPE_HANDLER` variable names them), with the template's variables, timeout and reserved concurrency.
 *
 * @example
 * const functions = localFunctions(new LocalResources(templates));
 */
export function localFunctions(resources: LocalResources): LocalFunction[] {
  const routed = new Map(
    localApiRoutes(resources).map(({ route, functionArn }) => [functionArn, route.handler]),
  );
  return resources.ofType("AWS::Lambda::Function").flatMap((fn) => {
    const variables = (fn.properties.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables;
    const task = variables?.[TASK_VARIABLE];
    const handler = variables?.[HANDLER_VARIABLE];
    const source = TASKS.includes(task as TaskName)
      ? String(task)
      : MESSAGING_HANDLERS.includes(handler as MessagingHandler)
        ? String(handler)
        : routed.get(fn.arn);
    if (source === undefined) return [];
    const environment = Object.fromEntries(
      Object.entries(variables ?? {}).map(([name, value]) => [
        name,
        resources.resolveString(value, fn.stack),
      ]),
    );
    return [
      {
        name: fn.name,
        arn: fn.arn,
        source,
        environment,
        timeoutSeconds: Number(fn.properties.Timeout ?? 3),
        reservedConcurrency:
          fn.properties.ReservedConcurrentExecutions === undefined
            ? null
            : Number(fn.properties.ReservedConcurrentExecutions),
      },
    ];
  });
}

/**
 * The Node.js runtime's report of an error the handler threw: its name as `errorType`, and the cause Step
 * Functions stores, `{ errorType, errorMessage, trace }`.
 */
function runtimeError(error: unknown): LambdaInvokeError {
  const thrown = error instanceof Error ? error : new Error(String(error));
  const errorType = thrown.name || "Error";
  const trace = (thrown.stack ?? `${errorType}: ${thrown.message}`).split("\n");
  return new LambdaInvokeError(errorType, JSON.stringify({ errorType, errorMessage: thrown.message, trace }));
}

function timeoutError(requestId: string, seconds: number): LambdaInvokeError {
  const errorMessage = `RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`;
  return new LambdaInvokeError(
    "Sandbox.Timedout",
    JSON.stringify({ errorType: "Sandbox.Timedout", errorMessage }),
  );
}

function throttled(fn: LocalFunction): LambdaInvokeError {
  return new LambdaInvokeError(
    THROTTLED,
    `Rate Exceeded. (Service: Lambda, Status Code: 429, Error Code: TooManyRequestsException) for ${fn.name}`,
  );
}

let isolated = false;

/**
 * Makes `process.env` read and write the environment of the container the code runs in (its
 * AsyncLocalStorage), falling back to the runner's environment outside containers.
 */
function isolateProcessEnvironment(): void {
  if (isolated) return;
  isolated = true;
  const runner = process.env;
  const current = () => containerEnvironment.getStore() ?? runner;
  process.env = new Proxy(runner, {
    get: (_, name) => (typeof name === "string" ? current()[name] : undefined),
    set: (_, name, value) => {
      if (typeof name === "string") current()[name] = String(value);
      return true;
    },
    has: (_, name) => typeof name === "string" && name in current(),
    deleteProperty: (_, name) => (typeof name === "string" ? delete current()[name] : true),
    ownKeys: () => Object.keys(current()),
    getOwnPropertyDescriptor: (_, name) =>
      typeof name === "string" && name in current()
        ? { value: current()[name], writable: true, enumerable: true, configurable: true }
        : undefined,
  });
}
