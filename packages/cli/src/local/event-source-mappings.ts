import { randomUUID } from "node:crypto";
import { kinesisEventOf } from "@medpipe/core/messaging";
import type { LocalKinesis, StreamDefinition } from "./aws/kinesis.js";
import { shardId } from "./aws/kinesis.js";
import type { LocalResources } from "./resources.js";

/** A stream event source mapping as its template defines it (`AWS::Lambda::EventSourceMapping`). */
export interface EventSourceMappingDefinition {
  functionArn: string;
  roleArn: string;
  streamArn: string;
  batchSize: number;
  bisectOnError: boolean;
  reportBatchItemFailures: boolean;
  /** -1: retried until the record expires (Lambda's default). */
  maxRetryAttempts: number;
  /** -1: no maximum age (Lambda's default). */
  maxRecordAgeSeconds: number;
  /** The on-failure destination's queue name, or null. */
  onFailureQueue: string | null;
}

/** Lambda's defaults for a Kinesis event source mapping (Lambda developer guide, Kinesis parameters). */
const DEFAULTS = { batchSize: 100, maxRetryAttempts: -1, maxRecordAgeSeconds: -1 };
/** Between retries of a failing batch; Lambda documents no figure: a backoff from 1 s to a minute, on the virtual clock. */
const RETRY_BACKOFF_MS = { first: 1_000, max: 60_000 };

/**
 * The stacks' Kinesis event source mappings, resolved.
 *
 * @example
 * for (const mapping of localEventSourceMappings(resources)) new LocalEventSourceMapping(mapping, ...);
 */
export function localEventSourceMappings(resources: LocalResources): EventSourceMappingDefinition[] {
  return resources.ofType("AWS::Lambda::EventSourceMapping").flatMap((mapping) => {
    const p = resources.resolve(mapping.properties, mapping.stack) as Record<string, unknown>;
    const streamArn = String(p.EventSourceArn ?? "");
    if (!streamArn.includes(":kinesis:")) return [];
    const fn = resources.find(String(p.FunctionName ?? ""));
    if (!fn) throw new Error(`event source mapping ${mapping.logicalId} targets no function of the stacks`);
    const role = fn.properties.Role ? resources.resolveString(fn.properties.Role, fn.stack) : "";
    const destination = (p.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)
      ?.OnFailure?.Destination;
    return [
      {
        functionArn: fn.arn,
        roleArn: role,
        streamArn,
        batchSize: Number(p.BatchSize ?? DEFAULTS.batchSize),
        bisectOnError: p.BisectBatchOnFunctionError === true,
        reportBatchItemFailures: ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes(
          "ReportBatchItemFailures",
        ),
        maxRetryAttempts: Number(p.MaximumRetryAttempts ?? DEFAULTS.maxRetryAttempts),
        maxRecordAgeSeconds: Number(p.MaximumRecordAgeInSeconds ?? DEFAULTS.maxRecordAgeSeconds),
        onFailureQueue: destination ? (destination.split(":").at(-1) ?? null) : null,
      },
    ];
  });
}

interface ShardPoller {
  /** The index of the next record to hand to the function. */
  checkpoint: number;
  busy: boolean;
}

/**
 * A Kinesis event source mapping, run as Lambda documents it: each shard's records in order, one batch per shard at
 * a time (parallelization 1) of at most BatchSize records, as the Kinesis event the function takes. With
 * ReportBatchItemFailures the function's `batchItemFailures` checkpoint the batch before its lowest failed sequence
 * number, and the rest is retried; an unknown item identifier fails the whole batch. A function error bisects the
 * batch when BisectBatchOnFunctionError is set (a split does not count as a retry). After MaximumRetryAttempts, or
 * past MaximumRecordAgeInSeconds, the batch is skipped and Lambda's invocation record (shard, sequence numbers,
 * condition; no data) goes to the on-failure destination.
 *
 * @example
 * const mapping = new LocalEventSourceMapping(definition, { kinesis, invoke, toDestination, later, now });
 */
export class LocalEventSourceMapping {
  readonly #pollers = new Map<string, ShardPoller>();

  constructor(
    readonly definition: EventSourceMappingDefinition,
    private readonly options: {
      kinesis: LocalKinesis;
      invoke: (functionArn: string, event: unknown) => Promise<unknown>;
      toDestination: (queue: string, body: string) => Promise<void>;
      /** Runs `work` after `ms` on the rig's clock, tracked so that the rig waits for it. */
      later: (ms: number, work: () => Promise<void>) => void;
      now: () => Date;
      region: string;
    },
  ) {
    const stream = options.kinesis.stream(definition.streamArn);
    // A fresh run's stream is empty, so this is TRIM_HORIZON, as the stacks start; a reopened run's stream already
    // holds what the run applied before, which its consumer does not get again (`medpipe replay-chat` re-applies).
    for (let shard = 0; shard < stream.shardCount; shard++) {
      this.#pollers.set(shardId(shard), {
        checkpoint: options.kinesis.records(stream, shard).length,
        busy: false,
      });
    }
    options.kinesis.onRecord((put, shard) => {
      if (put.arn === stream.arn) this.#poll(stream, shard);
    });
  }

  #poll(stream: StreamDefinition, shard: number): void {
    const poller = this.#pollers.get(shardId(shard)) as ShardPoller;
    if (poller.busy) return;
    poller.busy = true;
    this.options.later(0, async () => {
      try {
        await this.#drainShard(stream, shard, poller);
      } finally {
        poller.busy = false;
      }
    });
  }

  async #drainShard(stream: StreamDefinition, shard: number, poller: ShardPoller): Promise<void> {
    const { definition } = this;
    let limit = definition.batchSize;
    let retries = 0;
    let backoff = RETRY_BACKOFF_MS.first;
    for (;;) {
      const records = this.options.kinesis.records(stream, shard);
      const batch = records.slice(
        poller.checkpoint,
        poller.checkpoint + Math.min(limit, definition.batchSize),
      );
      if (batch.length === 0) return;
      const oldest = batch[0]?.arrivedAt.getTime() ?? 0;
      if (
        definition.maxRecordAgeSeconds >= 0 &&
        this.options.now().getTime() - oldest > definition.maxRecordAgeSeconds * 1000
      ) {
        // AWS's documented example shows only RetryAttemptsExhausted; this is the rig's name for a record too old.
        await this.#skip(stream, shard, batch, "RecordAgeExceeded", retries + 1, null);
        poller.checkpoint += batch.length;
        retries = 0;
        continue;
      }
      let failedFrom: number | null = null;
      let functionError: string | null = null;
      try {
        const result = (await this.options.invoke(
          definition.functionArn,
          kinesisEventOf(batch, {
            streamArn: stream.arn,
            shardId: shardId(shard),
            region: this.options.region,
            roleArn: definition.roleArn,
          }),
        )) as {
          batchItemFailures?: { itemIdentifier?: unknown }[];
        } | null;
        const failures = definition.reportBatchItemFailures ? (result?.batchItemFailures ?? []) : [];
        if (failures.length > 0) {
          const indexes = failures.map(({ itemIdentifier }) =>
            batch.findIndex((r) => r.sequenceNumber === itemIdentifier),
          );
          failedFrom = indexes.some((index) => index < 0) ? 0 : Math.min(...indexes);
        }
      } catch {
        // The function failed (threw, timed out, was throttled): the runtime reports it as an unhandled error.
        functionError = "Unhandled";
        if (definition.bisectOnError && batch.length > 1) {
          limit = Math.ceil(batch.length / 2);
          continue;
        }
        failedFrom = 0;
      }
      if (failedFrom === null) {
        poller.checkpoint += batch.length;
        limit = definition.batchSize;
        retries = 0;
        backoff = RETRY_BACKOFF_MS.first;
        continue;
      }
      poller.checkpoint += failedFrom;
      const failing = batch.slice(failedFrom);
      if (definition.maxRetryAttempts >= 0 && retries >= definition.maxRetryAttempts) {
        await this.#skip(stream, shard, failing, "RetryAttemptsExhausted", retries + 1, functionError);
        poller.checkpoint += failing.length;
        retries = 0;
        limit = definition.batchSize;
        continue;
      }
      retries++;
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, RETRY_BACKOFF_MS.max);
    }
  }

  async #skip(
    stream: StreamDefinition,
    shard: number,
    batch: ReturnType<LocalKinesis["records"]>,
    condition: string,
    invokeCount: number,
    functionError: string | null,
  ): Promise<void> {
    if (!this.definition.onFailureQueue) return;
    const first = batch[0];
    const last = batch.at(-1);
    await this.options.toDestination(
      this.definition.onFailureQueue,
      JSON.stringify({
        requestContext: {
          requestId: randomUUID(),
          functionArn: this.definition.functionArn,
          condition,
          approximateInvokeCount: invokeCount,
        },
        responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError },
        version: "1.0",
        timestamp: this.options.now().toISOString(),
        KinesisBatchInfo: {
          shardId: shardId(shard),
          startSequenceNumber: first?.sequenceNumber,
          endSequenceNumber: last?.sequenceNumber,
          approximateArrivalOfFirstRecord: first?.arrivedAt.toISOString(),
          approximateArrivalOfLastRecord: last?.arrivedAt.toISOString(),
          batchSize: batch.length,
          streamArn: stream.arn,
        },
      }),
    );
  }
}
