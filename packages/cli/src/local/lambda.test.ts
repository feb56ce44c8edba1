import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListMedicalTranscriptionJobsCommand } from "@aws-sdk/client-transcribe";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { LambdaInvokeError, type LocalFunction, LocalLambda } from "./lambda.js";
import { LocalPipeline, type LocalPipelineOptions } from "./pipeline.js";
import { VirtualClock } from "./virtual-clock.js";

/** Small handler bundles, as ESM files of their own (a bundle is a module file the container imports). */
const HANDLERS = {
  environment: `
    const atColdStart = { ...process.env };
    export const handler = async (event) => {
      const atInvoke = { ...process.env };
      await new Promise((resolve) => setTimeout(resolve, 5));
      const afterAwait = { ...process.env };
      if (event?.write) process.env.WRITTEN_BY_HANDLER = "yes";
      return { atColdStart, atInvoke, afterAwait };
    };`,
  counter: `
    let invocations = 0;
    export const handler = async (event) => {
      invocations++;
      (globalThis.runsOfCounter ??= []).push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, event?.ms ?? 0));
      return { invocations };
    };`,
  failing: `
    export const handler = async (event) => {
      const attempts = (globalThis.attemptsOfFailing ??= []);
      attempts.push(Date.now());
      if (attempts.length <= (event?.failures ?? Infinity)) throw new TypeError("attempt " + attempts.length + " failed");
      return { attempts: attempts.length };
    };`,
};

const REGION = "eu-west-1";
const fn = (
  name: string,
  source: keyof typeof HANDLERS,
  rest: Partial<LocalFunction> = {},
): LocalFunction => ({
  name,
  arn: `arn:aws:lambda:${REGION}:000000000000:function:${name}`,
  source,
  environment: { SST_STAGE: "test", MEDPIPE_TASK: name },
  timeoutSeconds: 60,
  reservedConcurrency: null,
  ...rest,
});
const runtime = (f: LocalFunction) => ({ AWS_REGION: REGION, AWS_LAMBDA_FUNCTION_NAME: f.name });
const START = new Date("2026-03-02T09:00:00Z");
const since = (ms: number) => (ms - START.getTime()) / 1000;

describe("Lambda on the local rig", () => {
  let bundles: Map<string, string>;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "medpipe-lambda-"));
    bundles = new Map();
    for (const [source, code] of Object.entries(HANDLERS)) {
      const file = join(dir, `${source}.mjs`);
      await writeFile(file, code);
      bundles.set(source, file);
    }
  });
  afterEach(() => {
    delete (globalThis as { attemptsOfFailing?: unknown }).attemptsOfFailing;
    delete (globalThis as { runsOfCounter?: unknown }).runsOfCounter;
  });

  const lambdaOf = (
    functions: LocalFunction[],
    options: { accountConcurrency?: number; clock?: VirtualClock } = {},
  ) =>
    new LocalLambda({
      functions,
      bundles,
      runtimeEnvironment: runtime,
      accountConcurrency: options.accountConcurrency ?? 1000,
      clock: options.clock,
    });
  /** Runs work on a virtual clock until it and every asynchronous invocation have finished. */
  const onClock = async <T>(clock: VirtualClock, lambda: LocalLambda, work: () => Promise<T>) => {
    let settled: { value?: T; error?: unknown } | null = null;
    await clock.run({
      start: () => {
        work().then(
          (value) => {
            settled = { value };
          },
          (error: unknown) => {
            settled = { error };
          },
        );
      },
      done: () => settled !== null && lambda.asyncInFlight === 0,
    });
    return settled as unknown as { value?: T; error?: unknown };
  };

  describe("a container's environment", () => {
    it("is exactly the template's variables and the runtime's, nothing of the runner's process", async () => {
      process.env.AWS_ACCESS_KEY_ID = "local";
      process.env.RUNNER_ONLY = "the runner's";
      const transcriber = fn("transcriber", "environment", {
        environment: {
          SST_STAGE: "test",
          MEDPIPE_TASK: "transcribe-recording",
          MEDPIPE_DATA_REGION: "af-south-1",
        },
      });
      const seen = (await lambdaOf([transcriber]).invoke(transcriber.arn, {})) as Record<string, object>;
      const expected = { ...transcriber.environment, ...runtime(transcriber) };
      expect(seen.atColdStart).toEqual(expected);
      expect(seen.atInvoke).toEqual(expected);
      expect(seen.afterAwait).toEqual(expected);
      expect(process.env.AWS_ACCESS_KEY_ID).toBe("local");
    });

    it("keeps what a handler writes to process.env in its own container", async () => {
      const writer = fn("writer", "environment");
      const reader = fn("reader", "environment");
      const lambda = lambdaOf([writer, reader]);
      await lambda.invoke(writer.arn, { write: true });
      expect(process.env.WRITTEN_BY_HANDLER).toBeUndefined();
      const again = (await lambda.invoke(writer.arn, {})) as { atInvoke: Record<string, string> };
      expect(again.atInvoke.WRITTEN_BY_HANDLER).toBe("yes");
      const other = (await lambda.invoke(reader.arn, {})) as { atInvoke: Record<string, string> };
      expect(other.atInvoke.WRITTEN_BY_HANDLER).toBeUndefined();
    });
  });

  describe("containers", () => {
    it("keep module state per container: reused when idle, a new one for an invocation in parallel", async () => {
      const counter = fn("counter", "counter");
      const lambda = lambdaOf([counter]);
      expect(await lambda.invoke(counter.arn, {})).toEqual({ invocations: 1 });
      expect(await lambda.invoke(counter.arn, {})).toEqual({ invocations: 2 });
      const parallel = await Promise.all([
        lambda.invoke(counter.arn, { ms: 20 }),
        lambda.invoke(counter.arn, { ms: 20 }),
      ]);
      expect(parallel).toEqual([{ invocations: 3 }, { invocations: 1 }]);
      expect(lambda.coldStarts).toBe(2);
    });

    it("start fresh on a new runner, though the bundle is the same file", async () => {
      const counter = fn("counter", "counter");
      await lambdaOf([counter]).invoke(counter.arn, {});
      expect(await lambdaOf([counter]).invoke(counter.arn, {})).toEqual({ invocations: 1 });
    });
  });

  it("reports a handler's error as the Node.js runtime does: its name, and the cause as errorType, errorMessage, trace", async () => {
    const failing = fn("failing", "failing");
    const error = await lambdaOf([failing])
      .invoke(failing.arn, {})
      .catch((e: unknown) => e as LambdaInvokeError);
    expect(error).toBeInstanceOf(LambdaInvokeError);
    expect((error as Error).name).toBe("TypeError");
    expect(JSON.parse((error as Error).message)).toEqual({
      errorType: "TypeError",
      errorMessage: "attempt 1 failed",
      trace: expect.arrayContaining([expect.stringContaining("TypeError: attempt 1 failed")]),
    });
  });

  // "Task timed out after 3.00 seconds", errorType Sandbox.Timedout as Step Functions sees it
  // (docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html).
  it("fails an invocation that runs past the function's timeout with Sandbox.Timedout, on the virtual clock, and drops its container", async () => {
    const clock = new VirtualClock(START);
    const slow = fn("slow", "counter", { timeoutSeconds: 3 });
    const lambda = lambdaOf([slow], { clock });
    let failedAt = 0;
    const { error } = await onClock(clock, lambda, () =>
      lambda.invoke(slow.arn, { ms: 10_000 }).finally(() => {
        failedAt = Date.now();
      }),
    );
    expect(error).toMatchObject({ name: "Sandbox.Timedout" });
    expect(JSON.parse((error as Error).message).errorMessage).toMatch(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 3\.00 seconds$/,
    );
    expect(since(failedAt)).toBe(3);
    const { value } = await onClock(clock, lambda, () => lambda.invoke(slow.arn, {}));
    expect(value).toEqual({ invocations: 1 });
    expect(lambda.coldStarts).toBe(2);
  });

  describe("concurrency", () => {
    it("throttles an invocation past the function's reserved concurrency with Lambda.TooManyRequestsException", async () => {
      const reserved = fn("reserved", "counter", { reservedConcurrency: 2 });
      const lambda = lambdaOf([reserved]);
      const results = await Promise.allSettled([1, 2, 3].map(() => lambda.invoke(reserved.arn, { ms: 20 })));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
      expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
        name: "Lambda.TooManyRequestsException",
      });
      await expect(lambda.invoke(reserved.arn, {})).resolves.toBeDefined();
      const none = fn("none", "counter", { reservedConcurrency: 0 });
      await expect(lambdaOf([none]).invoke(none.arn, {})).rejects.toMatchObject({
        name: "Lambda.TooManyRequestsException",
      });
    });

    it("throttles past the account's concurrency, across functions", async () => {
      const a = fn("a", "counter");
      const b = fn("b", "counter");
      const lambda = lambdaOf([a, b], { accountConcurrency: 3 });
      const results = await Promise.allSettled([a, a, b, b].map((f) => lambda.invoke(f.arn, { ms: 20 })));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
      expect((results[3] as PromiseRejectedResult).reason).toMatchObject({
        name: "Lambda.TooManyRequestsException",
      });
    });
  });

  // "If the function returns an error, by default Lambda attempts to run it two more times, with a one-minute wait
  // between the first two attempts, and two minutes between the second and third attempts. ... For throttling
  // errors (429) ... Lambda ... attempts to run the function again for up to 6 hours by default. The retry interval
  // increases exponentially from 1 second after the first attempt to a maximum of 5 minutes."
  // (docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html)
  describe("an asynchronous invocation", () => {
    const attempts = () =>
      ((globalThis as { attemptsOfFailing?: number[] }).attemptsOfFailing ?? []).map(since);

    it("is retried twice on a function error, a minute then two minutes later, then handed to its failure path", async () => {
      const clock = new VirtualClock(START);
      const failing = fn("failing", "failing");
      const lambda = lambdaOf([failing], { clock });
      const failures: [Error, number][] = [];
      await onClock(clock, lambda, async () =>
        lambda.invokeAsync(failing.arn, {}, async (error) => void failures.push([error, since(Date.now())])),
      );
      expect(attempts()).toEqual([0, 60, 180]);
      expect(failures.map(([error, at]) => [error.name, at])).toEqual([["TypeError", 180]]);
    });

    it("stops retrying once an attempt succeeds", async () => {
      const clock = new VirtualClock(START);
      const failing = fn("failing", "failing");
      const lambda = lambdaOf([failing], { clock });
      const failures: Error[] = [];
      await onClock(clock, lambda, async () =>
        lambda.invokeAsync(failing.arn, { failures: 1 }, async (error) => void failures.push(error)),
      );
      expect(attempts()).toEqual([0, 60]);
      expect(failures).toEqual([]);
    });

    it("waits out throttling with backoff from a second up to five minutes, and runs once there is room", async () => {
      const clock = new VirtualClock(START);
      const busy = fn("busy", "counter", { reservedConcurrency: 1, timeoutSeconds: 300 });
      const lambda = lambdaOf([busy], { clock });
      const failures: Error[] = [];
      await onClock(clock, lambda, async () => {
        const running = lambda.invoke(busy.arn, { ms: 100_000 });
        lambda.invokeAsync(busy.arn, {}, async (error) => void failures.push(error));
        await running;
      });
      // Throttled while the first runs (100 s), tried 1, 2, 4 ... 64 s apart: it runs at 127 s.
      const runs = ((globalThis as { runsOfCounter?: number[] }).runsOfCounter ?? []).map(since);
      expect(runs).toEqual([0, 127]);
      expect(failures).toEqual([]);
    });

    it("hands an event throttled for six hours to its failure path", async () => {
      const clock = new VirtualClock(START);
      const none = fn("none", "counter", { reservedConcurrency: 0 });
      const lambda = lambdaOf([none], { clock });
      const failures: [string, number][] = [];
      await onClock(clock, lambda, async () =>
        lambda.invokeAsync(
          none.arn,
          {},
          async (error) => void failures.push([error.name, since(Date.now())]),
        ),
      );
      expect(failures).toHaveLength(1);
      expect(failures[0]?.[0]).toBe("Lambda.TooManyRequestsException");
      expect(failures[0]?.[1]).toBeGreaterThanOrEqual(6 * 3600);
      expect(failures[0]?.[1]).toBeLessThan(6 * 3600 + 300);
    });
  });
});

describe("a function of the deployed stacks on the local pipeline", () => {
  const variables = {
    MEDPIPE_TASK: "transcribe-recording",
    SST_STAGE: "local",
    MEDPIPE_ACCOUNT: "000000000000",
    MEDPIPE_PARTITION: "aws",
    RECORDINGS_BUCKET: "recordings",
    TRANSCRIPTS_BUCKET: "transcripts",
    MEDICAL_DATA_BUCKET: "medical-data",
    DATA_KEY_ARN: "arn:aws:kms:eu-west-1:000000000000:key/0f6f6e57-4a5e-4b8e-9d3e-2c1f6a7b8c9d",
    // The Supabase secrets, bound as SST binds them: fetched from SSM at first use.
    SST_APP: "medpipe",
    SST_SSM_PREFIX: "/sst/medpipe/local/",
    SST_Secret_value_SUPABASE_URL: "__FETCH_FROM_SSM__",
    SST_Secret_value_SUPABASE_SERVICE_ROLE_KEY: "__FETCH_FROM_SSM__",
  };
  const templates: LocalPipelineOptions["templates"] = {
    Workflows: {
      Resources: {
        TranscribeRecording: {
          Type: "AWS::Lambda::Function",
          Properties: {
            FunctionName: "transcribe-recording",
            Timeout: 60,
            Environment: { Variables: variables },
          },
        },
      },
    },
  };

  /** The environment the transcribe-recording handler runs in, as its first Transcribe call sees it. */
  async function environmentOfHandler(
    options: Partial<LocalPipelineOptions>,
  ): Promise<Record<string, string>> {
    const pipeline = await LocalPipeline.start({
      out: await mkdtemp(join(tmpdir(), "medpipe-lambda-")),
      templates,
      stage: "local",
      supabase: { url: "http://127.0.0.1:1", serviceRoleKey: "k", jwtSecret: "s" },
      transcript: () => Buffer.from("{}"),
      ...options,
    });
    let seen: Record<string, string> = {};
    pipeline.aws.transcribe.on(ListMedicalTranscriptionJobsCommand).callsFake((input) => {
      seen = { ...process.env } as Record<string, string>;
      return {
        MedicalTranscriptionJobSummaries: [
          {
            MedicalTranscriptionJobName: `${input.JobNameContains}-1`,
            TranscriptionJobStatus: "IN_PROGRESS",
          },
        ],
      };
    });
    try {
      await pipeline.lambda.invoke("transcribe-recording", {
        meetingId: "1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
        recording: {
          bucket: "recordings",
          key: "concatenated/1e6bf4f5-f4b5-4917-b8c9-bda45c340706/audio/a.mp4",
          versionId: "v1",
        },
        recordingSeconds: 60,
        job: null,
        redriveCount: 0,
      });
    } finally {
      pipeline.stop();
    }
    return seen;
  }

  it("runs with the template's variables and the runtime's, a stray AWS_ACCESS_KEY_ID of the runner invisible", async () => {
    process.env.AWS_ACCESS_KEY_ID = "local";
    const seen = await environmentOfHandler({});
    expect(seen).toMatchObject(variables);
    expect(seen).toMatchObject({ AWS_REGION: "eu-west-1", AWS_LAMBDA_FUNCTION_NAME: "transcribe-recording" });
    expect(seen.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(
      Object.keys(seen).filter((name) => !(name in variables) && !/^(AWS_|POWERTOOLS_|TZ$)/.test(name)),
    ).toEqual([]);
  });

  // The Lambda runtime hands a function its role's credentials as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
  // AWS_SESSION_TOKEN (docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html, reserved variables).
  it("hands the credentials of realComprehend to the function as the Lambda runtime hands its role's", async () => {
    const credentials = {
      AWS_ACCESS_KEY_ID: "ASIAEXAMPLEEXAMPLE01",
      AWS_SECRET_ACCESS_KEY: "secret/of+the+default+chain",
      AWS_SESSION_TOKEN: "session-token",
    };
    process.env.AWS_ACCESS_KEY_ID = "local";
    expect(await environmentOfHandler({ realComprehend: { credentials } })).toMatchObject(credentials);
  });
});
