import { describe, expect, it } from "vitest";
import { LambdaInvokeError } from "./lambda.js";
import {
  type ExecutionRecord,
  type ExecutionStatus,
  type LocalStateMachine,
  LocalStepFunctions,
} from "./step-functions.js";
import { VirtualClock } from "./virtual-clock.js";

const START = new Date("2026-03-02T09:00:00Z");
const ARN = "arn:aws:states:eu-west-1:000000000000:stateMachine:test";
const fn = (name: string) => `arn:aws:lambda:eu-west-1:000000000000:function:${name}`;
/** A Lambda task state as the stacks synthesize it: the function's ARN, an explicit timeout. */
const task = (name: string, rest: Record<string, unknown>) => ({
  Type: "Task",
  Resource: fn(name),
  TimeoutSeconds: 100,
  ...rest,
});

type Invocation = { fn: string; payload: unknown; at: number };
type Invoker = (arn: string, payload: unknown) => Promise<unknown>;

/** A state machine of hand-written ASL, run by LocalStepFunctions on a virtual clock. */
function rig(
  States: Record<string, Record<string, unknown>>,
  StartAt: string,
  invoke: (name: string, payload: unknown, attempt: number) => unknown,
) {
  const clock = new VirtualClock(START);
  const invocations: Invocation[] = [];
  const changes: [ExecutionStatus, number][] = [];
  const invokeLambda: Invoker = async (arn, payload) => {
    const name = arn.split(":").at(-1) as string;
    invocations.push({ fn: name, payload, at: Date.now() - START.getTime() });
    return invoke(name, payload, invocations.filter((i) => i.fn === name).length);
  };
  const machine: LocalStateMachine = {
    workflow: "transcription",
    name: "test",
    arn: ARN,
    definition: { StartAt, States },
  };
  const sfn = new LocalStepFunctions({
    machines: [machine],
    invokeLambda,
    onStatusChange: async (execution) => void changes.push([execution.status, execution.redriveCount]),
  });
  const onClock = async (work: () => Promise<ExecutionRecord>) => {
    let result: ExecutionRecord | undefined;
    let failure: unknown;
    await clock.run({
      start: () => {
        work().then(
          (record) => {
            result = record;
          },
          (error) => {
            failure = error ?? new Error("rejected");
          },
        );
      },
      done: () => result !== undefined || failure !== undefined,
    });
    if (failure) throw failure;
    return result as ExecutionRecord;
  };
  return {
    sfn,
    invocations,
    changes,
    start: (input: unknown, name = "execution-1") => onClock(() => sfn.start(ARN, input, name)),
    redrive: (name = "execution-1") =>
      onClock(() => sfn.redrive(`${ARN.replace(":stateMachine:", ":execution:")}:${name}`)),
  };
}

const seconds = (invocations: Invocation[]) => invocations.map((i) => i.at / 1000);
const failWith = (errorType: string) =>
  new LambdaInvokeError(errorType, JSON.stringify({ errorType, errorMessage: "failed", trace: [] }));

describe("Step Functions on the local rig", () => {
  describe("a Wait state", () => {
    const waiting = (secondsPath: string) => ({
      Plan: { Type: "Pass", Result: { waitSeconds: 90 }, ResultPath: "$.plan", Next: "Pause" },
      Pause: { Type: "Wait", SecondsPath: secondsPath, Next: "Act" },
      Act: task("act", { End: true }),
    });

    it("waits the seconds its SecondsPath reads, on the virtual clock", async () => {
      const { start, invocations } = rig(waiting("$.plan.waitSeconds"), "Plan", () => ({}));
      const execution = await start({});
      expect(execution.status).toBe("SUCCEEDED");
      expect(seconds(invocations)).toEqual([90]);
      expect(execution.path).toEqual(["Plan", "Pause", "Act"]);
    });

    // A Wait has no Retry or Catch: a SecondsPath that does not resolve is States.Runtime, which fails the
    // execution (docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html, "States.Runtime").
    it("fails the execution with States.Runtime when its SecondsPath does not resolve", async () => {
      const { start, invocations } = rig(waiting("$.plan.missing"), "Plan", () => ({}));
      const execution = await start({});
      expect(execution).toMatchObject({ status: "FAILED", error: "States.Runtime", failedState: "Pause" });
      expect(invocations).toEqual([]);
      expect(execution.history.map((e) => e.type).slice(-2)).toEqual(["WaitStateEntered", "ExecutionFailed"]);
    });
  });

  describe("a Task's Retry", () => {
    // The example of docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html ("Complex retry
    // scenarios"): ErrorA, ErrorB, ErrorC, ErrorB wait 1 s, 2 s and 5 s; the fourth error finds its retrier
    // spent (MaxAttempts 2) and fails the state.
    it("counts attempts per retrier, each interval grown by its BackoffRate, on the virtual clock", async () => {
      const errors = ["ErrorA", "ErrorB", "ErrorC", "ErrorB"];
      const { start, invocations } = rig(
        {
          X: task("x", {
            Retry: [
              { ErrorEquals: ["ErrorA", "ErrorB"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2 },
              { ErrorEquals: ["ErrorC"], IntervalSeconds: 5 },
            ],
            End: true,
          }),
        },
        "X",
        (_, __, attempt) => {
          throw failWith(errors[attempt - 1] as string);
        },
      );
      const execution = await start({});
      expect(seconds(invocations)).toEqual([0, 1, 3, 8]);
      expect(execution).toMatchObject({ status: "FAILED", error: "ErrorB", failedState: "X" });
    });

    it("caps the interval at MaxDelaySeconds and stops after MaxAttempts retries", async () => {
      const retry = {
        ErrorEquals: ["Busy"],
        IntervalSeconds: 10,
        BackoffRate: 3,
        MaxAttempts: 4,
        MaxDelaySeconds: 60,
      };
      const succeedsOn = (n: number) => (_: string, __: unknown, attempt: number) => {
        if (attempt < n) throw failWith("Busy");
        return { ok: true };
      };
      const fifth = rig({ X: task("x", { Retry: [retry], End: true }) }, "X", succeedsOn(5));
      expect((await fifth.start({})).status).toBe("SUCCEEDED");
      // 10 s, 30 s, then 90 s and 270 s capped at 60 s.
      expect(seconds(fifth.invocations)).toEqual([0, 10, 40, 100, 160]);
      const sixth = rig({ X: task("x", { Retry: [retry], End: true }) }, "X", succeedsOn(6));
      expect(await sixth.start({})).toMatchObject({ status: "FAILED", error: "Busy" });
      expect(sixth.invocations).toHaveLength(5);
    });

    it("does not retry an error no retrier names", async () => {
      const { start, invocations } = rig(
        { X: task("x", { Retry: [{ ErrorEquals: ["Busy"], MaxAttempts: 5 }], End: true }) },
        "X",
        () => {
          throw failWith("RecordingNotFoundError");
        },
      );
      expect(await start({})).toMatchObject({ status: "FAILED", error: "RecordingNotFoundError" });
      expect(invocations).toHaveLength(1);
    });
  });

  describe("an execution's history", () => {
    // For a Task whose Resource is a function ARN, Step Functions records LambdaFunctionScheduled,
    // LambdaFunctionStarted and then LambdaFunctionSucceeded, LambdaFunctionFailed or LambdaFunctionTimedOut
    // (docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html); a retry schedules it again.
    it("records every event in AWS's order, numbered from one, each after the one before it", async () => {
      const { start } = rig(
        {
          Prepare: { Type: "Pass", Next: "Work" },
          Work: task("work", {
            Retry: [{ ErrorEquals: ["Busy"], IntervalSeconds: 4, BackoffRate: 1, MaxAttempts: 1 }],
            ResultPath: "$.work",
            Next: "Done?",
          }),
          "Done?": {
            Type: "Choice",
            Choices: [{ Variable: "$.work.ok", BooleanEquals: true, Next: "Done" }],
            Default: "Done",
          },
          Done: { Type: "Succeed" },
        },
        "Prepare",
        (_, __, attempt) => {
          if (attempt === 1) throw failWith("Busy");
          return { ok: true };
        },
      );
      const { history } = await start({});
      expect(history.map((e) => e.type)).toEqual([
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionFailed",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
        "ChoiceStateEntered",
        "ChoiceStateExited",
        "SucceedStateEntered",
        "SucceedStateExited",
        "ExecutionSucceeded",
      ]);
      expect(history.map((e) => [e.id, e.previousEventId])).toEqual(history.map((_, i) => [i + 1, i]));
      const names = history.flatMap((e) => [
        e.stateEnteredEventDetails?.name,
        e.stateExitedEventDetails?.name,
      ]);
      expect(names.filter(Boolean)).toEqual([
        "Prepare",
        "Prepare",
        "Work",
        "Work",
        "Done?",
        "Done?",
        "Done",
        "Done",
      ]);
      expect(history[4]?.lambdaFunctionScheduledEventDetails?.resource).toBe(fn("work"));
      expect(history[6]?.lambdaFunctionFailedEventDetails?.error).toBe("Busy");
      const at = history.map((e) => (e.timestamp as Date).getTime() - START.getTime());
      expect(at).toEqual([...at].sort((a, b) => a - b));
      // The retry is scheduled once its interval has passed.
      expect(at[7]).toBe(4000);
    });

    it("ends a failed Task with LambdaFunctionFailed and ExecutionFailed, naming the error and cause", async () => {
      const { start } = rig({ Work: task("work", { End: true }) }, "Work", () => {
        throw failWith("SinkError");
      });
      const execution = await start({});
      const cause = JSON.stringify({ errorType: "SinkError", errorMessage: "failed", trace: [] });
      expect(execution.history.slice(-2)).toEqual([
        expect.objectContaining({
          type: "LambdaFunctionFailed",
          lambdaFunctionFailedEventDetails: { error: "SinkError", cause },
        }),
        expect.objectContaining({
          type: "ExecutionFailed",
          executionFailedEventDetails: { error: "SinkError", cause },
        }),
      ]);
      expect(execution).toMatchObject({
        status: "FAILED",
        error: "SinkError",
        cause,
        stopDate: START.toISOString(),
      });
    });

    it("times a Task out after its TimeoutSeconds with LambdaFunctionTimedOut and States.Timeout", async () => {
      const { start } = rig(
        { Work: task("work", { TimeoutSeconds: 30, End: true }) },
        "Work",
        () => new Promise(() => {}),
      );
      const execution = await start({});
      expect(execution).toMatchObject({ status: "FAILED", error: "States.Timeout", failedState: "Work" });
      expect(execution.history.map((e) => e.type).slice(-2)).toEqual([
        "LambdaFunctionTimedOut",
        "ExecutionFailed",
      ]);
      expect(execution.stopDate).toBe(new Date(START.getTime() + 30_000).toISOString());
    });
  });

  describe("RedriveExecution", () => {
    const twoTasks = () => {
      let fixed = false;
      const machine = rig(
        {
          First: task("first", { ResultPath: "$.first", Next: "Second" }),
          Second: task("second", {
            Parameters: { "input.$": "$", "redriveCount.$": "$$.Execution.RedriveCount" },
            ResultPath: "$.second",
            End: true,
          }),
        },
        "First",
        (name) => {
          if (name === "second" && !fixed) throw failWith("Broken");
          return { from: name };
        },
      );
      const fix = () => {
        fixed = true;
      };
      return { ...machine, fix };
    };

    it("resumes at the failed state with the input it had, RedriveCount in the context, the states before not run again", async () => {
      const { start, redrive, fix, invocations } = twoTasks();
      const failed = await start({ event: 1 });
      expect(failed).toMatchObject({ status: "FAILED", failedState: "Second", redriveCount: 0 });
      fix();
      const redriven = await redrive();
      expect(redriven).toMatchObject({
        status: "SUCCEEDED",
        redriveCount: 1,
        failedState: null,
        error: null,
      });
      const input = { event: 1, first: { from: "first" } };
      expect(invocations.map((i) => [i.fn, i.payload])).toEqual([
        ["first", { event: 1 }],
        ["second", { input, redriveCount: 0 }],
        ["second", { input, redriveCount: 1 }],
      ]);
      const types = redriven.history.map((e) => e.type);
      const at = types.indexOf("ExecutionRedriven");
      expect(types.slice(at - 1)).toEqual([
        "ExecutionFailed",
        "ExecutionRedriven",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
      ]);
      expect(redriven.history[at]?.executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
      expect(redriven.path).toEqual(["First", "Second", "Second"]);
    });

    // RedriveExecution refuses an execution whose status is SUCCEEDED with ExecutionNotRedrivable
    // (docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html).
    it("refuses a SUCCEEDED execution with ExecutionNotRedrivable", async () => {
      const { start, redrive, fix } = twoTasks();
      fix();
      expect((await start({})).status).toBe("SUCCEEDED");
      await expect(redrive()).rejects.toMatchObject({ name: "ExecutionNotRedrivable" });
    });

    it("refuses a second StartExecution under the same name with ExecutionAlreadyExists", async () => {
      const { start, fix } = twoTasks();
      fix();
      await start({});
      await expect(start({})).rejects.toMatchObject({ name: "ExecutionAlreadyExists" });
    });

    // "When the original execution is open and the execution input from the new call is identical, the Success
    // message is returned" (StartExecution, name, in the API reference).
    it("answers StartExecution with the running execution of that name and input, and refuses another input", async () => {
      const { sfn, invocations } = rig(
        { Pause: { Type: "Wait", Seconds: 60, Next: "Work" }, Work: task("work", { End: true }) },
        "Pause",
        () => ({}),
      );
      const clock = new VirtualClock(START);
      const outcomes: unknown[] = [];
      await clock.run({
        start: () => {
          for (const input of [{ a: 1 }, { a: 1 }, { a: 2 }]) {
            sfn.start(ARN, input, "same-name").then(
              (record) => outcomes.push(record),
              (error: Error) => outcomes.push(error.name),
            );
          }
        },
        done: () => outcomes.length === 3,
      });
      const [first, second] = outcomes.filter((o) => typeof o === "object") as ExecutionRecord[];
      expect(outcomes.filter((o) => typeof o === "string")).toEqual(["ExecutionAlreadyExists"]);
      expect(second).toBe(first);
      expect(first?.status).toBe("SUCCEEDED");
      expect(invocations).toHaveLength(1);
    });
  });

  it("reports each status change: RUNNING at the start, then how the attempt ended", async () => {
    let fixed = false;
    const { start, redrive, changes } = rig({ Work: task("work", { End: true }) }, "Work", () => {
      if (!fixed) throw failWith("Broken");
      return {};
    });
    await start({});
    expect(changes).toEqual([
      ["RUNNING", 0],
      ["FAILED", 0],
    ]);
    fixed = true;
    await redrive();
    expect(changes.at(-1)).toEqual(["SUCCEEDED", 1]);
  });
});
