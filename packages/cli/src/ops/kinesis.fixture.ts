import { randomUUID } from "node:crypto";
import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  InvalidArgumentException,
  type KinesisClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-kinesis";
import type { AwsClientStub } from "aws-sdk-client-mock";

/**
 * Test scaffolding: one Kinesis data stream as a service model behind aws-sdk-client-mock, for readers of a shard.
 * Used by tests only.
 *
 * What it keeps of Kinesis (API reference): GetShardIterator needs the stream and an existing shard, and a
 * StartingSequenceNumber for AT_SEQUENCE_NUMBER; an iterator expires 5 minutes after it was returned; GetRecords
 * takes a Limit of 1 to 10,000, returns `Records` (possibly empty), a NextShardIterator while the shard is open,
 * and MillisBehindLatest, 0 once the page reaches the tip. Behind the tip a page may be empty though records
 * follow ("it might take multiple calls to get to a portion of the shard that contains records"): `emptyPages`
 * such pages precede the records of each new iterator. Records older than the retention period are trimmed; an
 * iterator at a trimmed sequence number starts at the oldest record kept (as AT_TIMESTAMP is documented to), or,
 * with `trimmed: "empty-pages"`, returns only empty pages a retention period behind the tip, as readers have seen
 * (github.com/harlow/kinesis-consumer/issues/125).
 */

interface StoredRecord {
  sequenceNumber: bigint;
  partitionKey: string;
  data: Uint8Array;
  arrivedAt: number;
}

interface Iterator {
  shardId: string;
  /** The next record is the first whose sequence number is at least this; null: a trimmed position. */
  from: bigint | null;
  emptyLeft: number;
  issuedAt: number;
}

const ITERATOR_LIFETIME_MS = 5 * 60_000;
const MAX_LIMIT = 10_000;

export class KinesisModel {
  private readonly shards = new Map<string, StoredRecord[]>();
  private readonly iterators = new Map<string, Iterator>();
  private sequence = 49_600_000_000_000_000_000_000_000_000_000_000_000_000_000n;
  /** Empty pages before the records of each new iterator. */
  emptyPages = 0;
  trimmed: "trim-horizon" | "empty-pages" = "trim-horizon";
  /** GetRecords calls answered. */
  reads = 0;

  constructor(
    private readonly options: {
      streamArn: string;
      shardIds: string[];
      retentionHours: number;
      now: () => number;
    },
  ) {
    for (const id of options.shardIds) this.shards.set(id, []);
  }

  /** PutRecord to a shard: the record's sequence number. */
  put(shardId: string, partitionKey: string, data: Uint8Array, arrivedAt = this.options.now()): string {
    const sequenceNumber = ++this.sequence;
    this.shard(shardId).push({ sequenceNumber, partitionKey, data, arrivedAt });
    return String(sequenceNumber);
  }

  install(kinesis: AwsClientStub<KinesisClient>): void {
    kinesis.on(GetShardIteratorCommand).callsFake(async (input) => {
      if (input.StreamARN !== this.options.streamArn) {
        throw new ResourceNotFoundException({
          message: `Stream ${input.StreamARN ?? input.StreamName} under account not found.`,
          $metadata: {},
        });
      }
      const kept = this.kept(String(input.ShardId));
      let from: bigint | null;
      switch (input.ShardIteratorType) {
        case "AT_SEQUENCE_NUMBER": {
          if (!input.StartingSequenceNumber) throw invalid("StartingSequenceNumber is required");
          const at = BigInt(input.StartingSequenceNumber);
          // Before the trim horizon: a record at the position or after it was trimmed.
          const wasTrimmed = this.shard(String(input.ShardId)).some(
            (r) => r.sequenceNumber >= at && !kept.includes(r),
          );
          from = wasTrimmed && this.trimmed === "empty-pages" ? null : at;
          break;
        }
        case "TRIM_HORIZON":
          from = 0n;
          break;
        default:
          throw invalid(`ShardIteratorType ${input.ShardIteratorType} is not served by this model`);
      }
      return {
        ShardIterator: this.issue({ shardId: String(input.ShardId), from, emptyLeft: this.emptyPages }),
      };
    });
    kinesis.on(GetRecordsCommand).callsFake(async (input) => {
      const limit = input.Limit ?? MAX_LIMIT;
      if (limit < 1 || limit > MAX_LIMIT) throw invalid("Limit must be between 1 and 10000");
      const iterator = this.iterators.get(String(input.ShardIterator));
      if (!iterator) throw invalid("Invalid ShardIterator.");
      const now = this.options.now();
      if (now - iterator.issuedAt > ITERATOR_LIFETIME_MS) {
        throw new ExpiredIteratorException({ message: "Iterator expired.", $metadata: {} });
      }
      this.reads++;
      if (iterator.from === null) {
        return {
          Records: [],
          NextShardIterator: this.issue(iterator),
          MillisBehindLatest: this.options.retentionHours * 3_600_000,
        };
      }
      const from = iterator.from;
      const ahead = this.kept(iterator.shardId).filter((r) => r.sequenceNumber >= from);
      const first = ahead[0];
      if (iterator.emptyLeft > 0 && first) {
        return {
          Records: [],
          NextShardIterator: this.issue({ ...iterator, emptyLeft: iterator.emptyLeft - 1 }),
          MillisBehindLatest: behind(now, first),
        };
      }
      const page = ahead.slice(0, limit);
      const next = ahead[page.length];
      const last = page.at(-1);
      return {
        Records: page.map((r) => ({
          SequenceNumber: String(r.sequenceNumber),
          ApproximateArrivalTimestamp: new Date(r.arrivedAt),
          Data: r.data,
          PartitionKey: r.partitionKey,
          EncryptionType: "KMS" as const,
        })),
        NextShardIterator: this.issue({
          shardId: iterator.shardId,
          from: last ? last.sequenceNumber + 1n : from,
          emptyLeft: 0,
        }),
        MillisBehindLatest: next ? behind(now, next) : 0,
      };
    });
  }

  private issue(iterator: Omit<Iterator, "issuedAt">): string {
    const id = randomUUID();
    this.iterators.set(id, { ...iterator, issuedAt: this.options.now() });
    return id;
  }

  private kept(shardId: string): StoredRecord[] {
    const oldest = this.options.now() - this.options.retentionHours * 3_600_000;
    return this.shard(shardId).filter((r) => r.arrivedAt >= oldest);
  }

  private shard(shardId: string): StoredRecord[] {
    const shard = this.shards.get(shardId);
    if (!shard) {
      throw new ResourceNotFoundException({
        message: `Shard ${shardId} in stream ${this.options.streamArn} not found.`,
        $metadata: {},
      });
    }
    return shard;
  }
}

/** How far a position is behind the tip: the age of the record there, at least 1 ms. */
function behind(now: number, record: StoredRecord): number {
  return Math.max(1, now - record.arrivedAt);
}

function invalid(message: string): InvalidArgumentException {
  return new InvalidArgumentException({ message, $metadata: {} });
}
