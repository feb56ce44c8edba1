import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  InvalidArgumentException,
  type KinesisClient,
  PutRecordCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-kinesis";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./stand-in.js";

/** A record as a shard keeps it. */
export interface ShardRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
  arrivedAt: Date;
}

/** A data stream as its template defines it. */
export interface StreamDefinition {
  name: string;
  arn: string;
  shardCount: number;
  retentionHours: number;
  encrypted: boolean;
}

/** Kinesis sequence numbers are decimal strings that grow within a shard; these start where real ones do. */
const FIRST_SEQUENCE = 49_600_000_000_000_000_000_000_000_000_000_000_000_000_000n;
/** The file a run keeps its streams' records in, so that a reopened run (`medpipe replay-chat`) reads them again. */
export const STREAM_RECORDS_FILE = "kinesis-records.jsonl";
const HASH_SPACE = 2n ** 128n;

function notFound(message: string) {
  return new ResourceNotFoundException({ message, $metadata: { httpStatusCode: 400 } });
}
function invalid(message: string) {
  return new InvalidArgumentException({ message, $metadata: { httpStatusCode: 400 } });
}

/**
 * Kinesis Data Streams for the local rig, with the stacks' streams: records go to the shard whose hash key range
 * holds the MD5 of their partition key (so one channel's records keep their order), get growing sequence numbers
 * and are kept for the stream's retention period. Readers are told of each record put (the event source
 * mappings); GetShardIterator and GetRecords read a shard as the API does.
 *
 * @example
 * const kinesis = new LocalKinesis(streams, { out, io, now: () => new Date() });
 * kinesis.put(streamArn, channelArn, Buffer.from(json));
 */
export class LocalKinesis {
  readonly #streams = new Map<string, StreamDefinition>();
  readonly #shards = new Map<string, ShardRecord[][]>();
  readonly #listeners: ((stream: StreamDefinition, shardIndex: number) => void)[] = [];
  #sequence = FIRST_SEQUENCE;

  constructor(
    streams: StreamDefinition[],
    private readonly options: { out: string; io: <T>(work: Promise<T>) => Promise<T>; now: () => Date },
  ) {
    for (const stream of streams) {
      this.#streams.set(stream.arn, stream);
      this.#shards.set(
        stream.arn,
        Array.from({ length: stream.shardCount }, () => []),
      );
    }
    this.#load();
  }

  /** The stream of an ARN or name. */
  stream(reference: string): StreamDefinition {
    const stream = [...this.#streams.values()].find((s) => s.arn === reference || s.name === reference);
    if (!stream) throw notFound(`Stream ${reference} under account not found.`);
    return stream;
  }

  /** Calls `listener` with the stream and shard of every record put from now on. */
  onRecord(listener: (stream: StreamDefinition, shardIndex: number) => void): void {
    this.#listeners.push(listener);
  }

  /** PutRecord: the record's shard and sequence number. */
  put(reference: string, partitionKey: string, data: Buffer): { shardId: string; sequenceNumber: string } {
    const stream = this.stream(reference);
    if (partitionKey.length < 1 || partitionKey.length > 256)
      throw invalid("PartitionKey must be 1 to 256 characters");
    const hash = BigInt(`0x${createHash("md5").update(partitionKey).digest("hex")}`);
    const shardIndex = Number((hash * BigInt(stream.shardCount)) / HASH_SPACE);
    const record = {
      sequenceNumber: String(++this.#sequence),
      partitionKey,
      data,
      arrivedAt: this.options.now(),
    };
    this.#shardsOf(stream)[shardIndex]?.push(record);
    void this.options.io(
      appendFile(
        join(this.options.out, STREAM_RECORDS_FILE),
        `${JSON.stringify({ stream: stream.arn, shardIndex, ...record, data: data.toString("base64") })}\n`,
      ),
    );
    for (const listener of this.#listeners) listener(stream, shardIndex);
    return { shardId: shardId(shardIndex), sequenceNumber: record.sequenceNumber };
  }

  /** The shard's records still within the stream's retention period, oldest first. */
  records(stream: StreamDefinition, shardIndex: number): ShardRecord[] {
    const oldest = this.options.now().getTime() - stream.retentionHours * 3_600_000;
    return (this.#shardsOf(stream)[shardIndex] ?? []).filter(
      (record) => record.arrivedAt.getTime() >= oldest,
    );
  }

  #shardsOf(stream: StreamDefinition): ShardRecord[][] {
    return this.#shards.get(stream.arn) ?? [];
  }

  #load(): void {
    let text = "";
    try {
      text = readFileSync(join(this.options.out, STREAM_RECORDS_FILE), "utf8");
    } catch {
      return;
    }
    for (const line of text.split("\n").filter(Boolean)) {
      const kept = JSON.parse(line) as {
        stream: string;
        shardIndex: number;
        sequenceNumber: string;
      } & Record<string, string>;
      const stream = this.#streams.get(kept.stream);
      if (!stream) continue;
      this.#shardsOf(stream)[kept.shardIndex]?.push({
        sequenceNumber: kept.sequenceNumber,
        partitionKey: kept.partitionKey ?? "",
        data: Buffer.from(kept.data ?? "", "base64"),
        arrivedAt: new Date(kept.arrivedAt ?? 0),
      });
      if (BigInt(kept.sequenceNumber) > this.#sequence) this.#sequence = BigInt(kept.sequenceNumber);
    }
  }
}

/** A shard's id as Kinesis names it. */
export function shardId(index: number): string {
  return `shardId-${String(index).padStart(12, "0")}`;
}

/**
 * The Kinesis API over a {@link LocalKinesis}: PutRecord, and reading a shard with GetShardIterator
 * (TRIM_HORIZON, LATEST, AT_/AFTER_SEQUENCE_NUMBER) and GetRecords (at most 10,000 records a call).
 *
 * @example
 * installLocalKinesisApi(mockClient(KinesisClient), kinesis);
 */
export function installLocalKinesisApi(mock: AwsClientStub<KinesisClient>, kinesis: LocalKinesis): void {
  const stub = mock as unknown as Parameters<typeof standIn>[0];
  const shardOf = (stream: StreamDefinition, id: string | undefined) => {
    const index = Number(/^shardId-(\d{12})$/.exec(id ?? "")?.[1] ?? Number.NaN);
    if (!(index >= 0 && index < stream.shardCount))
      throw notFound(`Shard ${id} in stream ${stream.name} not found.`);
    return index;
  };
  standIn(
    stub,
    PutRecordCommand,
    async (input: { StreamARN?: string; StreamName?: string; PartitionKey?: string; Data?: Uint8Array }) => {
      const put = kinesis.put(
        input.StreamARN ?? input.StreamName ?? "",
        input.PartitionKey ?? "",
        Buffer.from(input.Data ?? []),
      );
      return { ShardId: put.shardId, SequenceNumber: put.sequenceNumber, EncryptionType: "KMS" };
    },
  );
  standIn(
    stub,
    GetShardIteratorCommand,
    async (input: {
      StreamARN?: string;
      StreamName?: string;
      ShardId?: string;
      ShardIteratorType?: string;
      StartingSequenceNumber?: string;
    }) => {
      const stream = kinesis.stream(input.StreamARN ?? input.StreamName ?? "");
      const shardIndex = shardOf(stream, input.ShardId);
      const records = kinesis.records(stream, shardIndex);
      let from: number;
      switch (input.ShardIteratorType) {
        case "TRIM_HORIZON":
          from = 0;
          break;
        case "LATEST":
          from = records.length;
          break;
        case "AT_SEQUENCE_NUMBER":
        case "AFTER_SEQUENCE_NUMBER": {
          if (!input.StartingSequenceNumber)
            throw invalid("StartingSequenceNumber is required for this iterator type");
          const at = BigInt(input.StartingSequenceNumber);
          const index = records.findIndex((record) => BigInt(record.sequenceNumber) >= at);
          from = index === -1 ? records.length : index;
          if (
            input.ShardIteratorType === "AFTER_SEQUENCE_NUMBER" &&
            records[from]?.sequenceNumber === input.StartingSequenceNumber
          )
            from++;
          break;
        }
        default:
          throw invalid(
            `ShardIteratorType ${input.ShardIteratorType} is not one of the types the rig serves`,
          );
      }
      const after = records[from - 1]?.sequenceNumber ?? "0";
      return {
        ShardIterator: Buffer.from(JSON.stringify({ stream: stream.arn, shardIndex, after })).toString(
          "base64",
        ),
      };
    },
  );
  standIn(stub, GetRecordsCommand, async (input: { ShardIterator?: string; Limit?: number }) => {
    const limit = input.Limit ?? 10_000;
    if (limit < 1 || limit > 10_000) throw invalid("Limit must be 1 to 10000");
    let position: { stream: string; shardIndex: number; after: string };
    try {
      position = JSON.parse(Buffer.from(input.ShardIterator ?? "", "base64").toString("utf8"));
    } catch {
      throw invalid("Invalid ShardIterator.");
    }
    const stream = kinesis.stream(position.stream);
    const records = kinesis
      .records(stream, position.shardIndex)
      .filter((record) => BigInt(record.sequenceNumber) > BigInt(position.after));
    const page = records.slice(0, limit);
    const last = page.at(-1)?.sequenceNumber ?? position.after;
    return {
      Records: page.map((record) => ({
        SequenceNumber: record.sequenceNumber,
        ApproximateArrivalTimestamp: record.arrivedAt,
        Data: new Uint8Array(record.data),
        PartitionKey: record.partitionKey,
        EncryptionType: "KMS",
      })),
      NextShardIterator: Buffer.from(JSON.stringify({ ...position, after: last })).toString("base64"),
      MillisBehindLatest: 0,
    };
  });
}
