import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocalKinesis } from "./aws/kinesis.js";
import { type EventSourceMappingDefinition, LocalEventSourceMapping } from "./event-source-mappings.js";

const STREAM = "arn:aws:kinesis:eu-west-1:000000000000:stream/chime-messaging-test";

interface Invocation {
  sequenceNumbers: string[];
}

/** A mapping over a one-shard stream, invoking `fn` with each batch's records' data, on fake timers. */
async function mappingWith(
  settings: Partial<EventSourceMappingDefinition>,
  fn: (data: string[], records: { kinesis: { sequenceNumber: string } }[]) => unknown,
) {
  const kinesis = new LocalKinesis(
    [{ name: "chime-messaging-test", arn: STREAM, shardCount: 1, retentionHours: 24, encrypted: true }],
    { out: await mkdtemp(join(tmpdir(), "medpipe-esm-")), io: (work) => work, now: () => new Date() },
  );
  const invocations: Invocation[] = [];
  const destination: unknown[] = [];
  const pending: Promise<void>[] = [];
  new LocalEventSourceMapping(
    {
      functionArn: "arn:aws:lambda:eu-west-1:000000000000:function:consumer",
      roleArn: "arn:aws:iam::000000000000:role/consumer",
      streamArn: STREAM,
      batchSize: 10,
      bisectOnError: false,
      reportBatchItemFailures: false,
      maxRetryAttempts: -1,
      maxRecordAgeSeconds: -1,
      onFailureQueue: "chat-dlq",
      ...settings,
    },
    {
      kinesis,
      invoke: async (_, event) => {
        const records = (event as { Records: { kinesis: { sequenceNumber: string; data: string } }[] })
          .Records;
        invocations.push({ sequenceNumbers: records.map((r) => r.kinesis.sequenceNumber) });
        return fn(
          records.map((r) => Buffer.from(r.kinesis.data, "base64").toString()),
          records,
        );
      },
      toDestination: async (_, body) => void destination.push(JSON.parse(body)),
      later: (ms, work) => void pending.push(new Promise((resolve) => setTimeout(resolve, ms)).then(work)),
      now: () => new Date(),
      region: "eu-west-1",
    },
  );
  const put = (...data: string[]) =>
    data.map((d) => kinesis.put(STREAM, "channel-1", Buffer.from(d)).sequenceNumber);
  const settle = async () => {
    while (pending.length > 0) {
      const all = pending.splice(0);
      await vi.runAllTimersAsync();
      await Promise.all(all);
    }
  };
  return { put, settle, invocations, destination };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a Kinesis event source mapping on the rig", () => {
  it("hands a shard's records to the function in order, in batches of at most BatchSize", async () => {
    const seen: string[] = [];
    const esm = await mappingWith({ batchSize: 2 }, (data) => void seen.push(...data));
    esm.put("a", "b", "c");
    await esm.settle();
    expect(seen).toEqual(["a", "b", "c"]);
    expect(esm.invocations.every((i) => i.sequenceNumbers.length <= 2)).toBe(true);
  });

  it("checkpoints before the lowest failed item and retries the rest of the batch (partial batch response)", async () => {
    let failB = true;
    const applied: string[] = [];
    const esm = await mappingWith({ reportBatchItemFailures: true }, (data, records) => {
      const failures = data.flatMap((d, i) =>
        d === "b" && failB ? [{ itemIdentifier: records[i]?.kinesis.sequenceNumber }] : [],
      );
      for (const d of data) if (d !== "b" || !failB) applied.push(d);
      failB = false;
      return { batchItemFailures: failures };
    });
    const [a, b, c] = esm.put("a", "b", "c");
    await esm.settle();
    expect(esm.invocations.map((i) => i.sequenceNumbers)).toEqual([
      [a, b, c],
      [b, c],
    ]);
    expect(applied).toEqual(["a", "c", "b", "c"]);
  });

  it("fails the whole batch for an item identifier that is none of its records", async () => {
    let calls = 0;
    const esm = await mappingWith({ reportBatchItemFailures: true }, () =>
      ++calls === 1
        ? { batchItemFailures: [{ itemIdentifier: "not-a-sequence-number" }] }
        : { batchItemFailures: [] },
    );
    const sent = esm.put("a", "b");
    await esm.settle();
    expect(esm.invocations.map((i) => i.sequenceNumbers)).toEqual([sent, sent]);
  });

  it("bisects a batch on a function error, without counting the split as a retry, until the bad record stands alone", async () => {
    const esm = await mappingWith({ bisectOnError: true, maxRetryAttempts: 1 }, (data) => {
      if (data.includes("bad")) throw new Error("function error");
    });
    const [, , bad] = esm.put("a", "b", "bad", "d");
    await esm.settle();
    expect(esm.invocations.map((i) => i.sequenceNumbers.length)).toEqual([4, 2, 2, 1, 1, 1]);
    expect(esm.destination).toEqual([
      expect.objectContaining({
        requestContext: expect.objectContaining({
          condition: "RetryAttemptsExhausted",
          approximateInvokeCount: 2,
        }),
        KinesisBatchInfo: expect.objectContaining({
          startSequenceNumber: bad,
          endSequenceNumber: bad,
          batchSize: 1,
          streamArn: STREAM,
        }),
      }),
    ]);
  });

  it("after MaximumRetryAttempts sends Lambda's record of the batch, never its data, to the on-failure destination and carries on", async () => {
    const seen: string[] = [];
    const esm = await mappingWith({ maxRetryAttempts: 2, batchSize: 2 }, (data) => {
      if (data.includes("secret words")) throw new Error("boom");
      seen.push(...data);
    });
    esm.put("secret words", "x", "after");
    await esm.settle();
    expect(esm.invocations).toHaveLength(4);
    expect(seen).toEqual(["after"]);
    expect(JSON.stringify(esm.destination)).not.toContain("secret");
    expect(esm.destination).toEqual([
      expect.objectContaining({ KinesisBatchInfo: expect.objectContaining({ batchSize: 2 }) }),
    ]);
  });
});
