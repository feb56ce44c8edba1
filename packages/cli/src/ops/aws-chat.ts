import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetQueueUrlCommand, QueueDoesNotExist, type SQSClient } from "@aws-sdk/client-sqs";
import {
  type ChatLetter,
  chatLetter,
  kinesisEventOf,
  messagingNames,
  type PartialBatchResponse,
  positionsOf,
  type StreamRecord,
} from "@medpipe/core/messaging";
import { chatDeadLetterQueueName, chatLetterFailure, type Failure } from "@medpipe/core/replay";
import {
  deleteDeadLetters,
  type QueueRead,
  readDeadLetters,
  releaseDeadLetters,
} from "./aws-dead-letters.js";
import type { DeadLetterQueue } from "./aws-resources.js";
import type { AwsStage } from "./aws-stage.js";
import type { ChatReplayReport, OpsReporter } from "./backend.js";

/** GetRecords returns at most 10,000 records a call (Kinesis API reference). */
const RECORDS_PER_CALL = 10_000;
/**
 * Empty pages in a row after which a letter's records count as no longer in the stream. Behind the tip of a shard
 * GetRecords may return empty pages before records that are there (it "might take multiple calls to get to a
 * portion of the shard that contains records", API reference); from a position the stream has trimmed it was seen
 * to return nothing else for many minutes (github.com/harlow/kinesis-consumer/issues/125).
 */
const EMPTY_PAGES_AT_MOST = 50;
/**
 * Attempts of a Kinesis call: a shard serves 5 GetRecords a second, shared with the consumer's event source
 * mapping (Kinesis Data Streams quotas); ProvisionedThroughputExceededException is retried with the SDK's
 * adaptive mode, which also slows the client to the rate the shard accepts.
 */
const KINESIS_MAX_ATTEMPTS = 10;

/** The chat failure queue of a stage, in its messaging region; null when the stage has no messaging deployed. */
async function chatQueue(
  stage: AwsStage,
  region: string,
  reporter: OpsReporter,
): Promise<DeadLetterQueue | null> {
  const name = chatDeadLetterQueueName(stage.stage);
  try {
    const { QueueUrl } = await stage.sqsIn(region).send(new GetQueueUrlCommand({ QueueName: name }));
    return { rule: "chat", workflow: null, name, url: QueueUrl ?? "", region };
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
    reporter.note(
      `${name} not found in ${region}: the stage's messaging is not deployed, no chat letters listed`,
    );
    return null;
  }
}

/** A letter's body as the consumer or Lambda wrote it; null for a body that is neither (never expected). */
function letterOf(body: unknown): ChatLetter | null {
  const parsed = chatLetter.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/**
 * The chat failure queue's letters since a time, as failures: read and released again.
 *
 * @example
 * const rows = await awsChatFailures(stage, "eu-central-1", since, reporter);
 */
export async function awsChatFailures(
  stage: AwsStage,
  region: string,
  since: Date,
  reporter: OpsReporter,
): Promise<Failure[]> {
  const queue = await chatQueue(stage, region, reporter);
  if (!queue) return [];
  const read = await readDeadLetters(stage.sqsIn(region), queue);
  await releaseDeadLetters(stage.sqsIn(region), read);
  return read.letters.flatMap((letter) => {
    const parsed = letterOf(letter.event);
    return parsed && Date.parse(letter.sentAt) >= since.getTime()
      ? [chatLetterFailure(letter.sentAt, parsed)]
      : [];
  });
}

/**
 * Re-applies the records of the chat letters since a time: each letter's records read again from the stream
 * (GetShardIterator AT_SEQUENCE_NUMBER, GetRecords) and handed to the deployed chat consumer (Invoke, as its event
 * source mapping would). A letter whose records the consumer applied is deleted; one it refused again as poison is
 * deleted too, replaced by the consumer's new letter, and still fails; the others are released.
 *
 * @example
 * const report = await replayAwsChat(stage, "eu-central-1", since, reporter);
 */
export async function replayAwsChat(
  stage: AwsStage,
  region: string,
  since: Date,
  reporter: OpsReporter,
): Promise<ChatReplayReport> {
  const report: ChatReplayReport = { letters: 0, reapplied: 0, stillFailing: 0, expired: 0 };
  const queue = await chatQueue(stage, region, reporter);
  if (!queue) return report;
  const sqs = stage.sqsIn(region);
  const kinesis = new KinesisClient({ region, retryMode: "adaptive", maxAttempts: KINESIS_MAX_ATTEMPTS });
  const lambda = new LambdaClient({ region });
  const read: QueueRead = await readDeadLetters(sqs, queue);
  const done: { letter: QueueRead["letters"][number]; parsed: ChatLetter }[] = [];
  try {
    const chosen = read.letters.filter((letter) => Date.parse(letter.sentAt) >= since.getTime());
    report.letters = chosen.length;
    for (const [index, letter] of chosen.entries()) {
      const parsed = letterOf(letter.event);
      const records = parsed ? await recordsOf(kinesis, parsed, reporter) : [];
      if (!parsed || records.length === 0) {
        report.expired++;
      } else {
        const { streamArn, shardId } = positionsOf(parsed);
        const answer = await lambda.send(
          new InvokeCommand({
            FunctionName: messagingNames(stage.stage).consumer,
            Payload: JSON.stringify(kinesisEventOf(records, { streamArn, shardId, region, roleArn: "" })),
          }),
        );
        const response = JSON.parse(
          Buffer.from(answer.Payload ?? []).toString() || "null",
        ) as PartialBatchResponse | null;
        if (answer.FunctionError || (response?.batchItemFailures?.length ?? 0) > 0) report.stillFailing++;
        else done.push({ letter, parsed });
      }
      reporter.progress("letters", index + 1, chosen.length);
    }
    const refused = done.length > 0 ? await refusedAgain(sqs, queue) : [];
    for (const { parsed } of done) {
      if (refused.some((again) => overlaps(again, parsed))) report.stillFailing++;
      else report.reapplied++;
    }
  } finally {
    const settled = done.map(({ letter }) => letter);
    await deleteDeadLetters(sqs, { queue, letters: settled });
    await releaseDeadLetters(sqs, {
      queue,
      letters: read.letters.filter((letter) => !settled.includes(letter)),
    });
  }
  return report;
}

/**
 * The letters the consumer sent while records were re-applied (the only visible ones: the read hides the others),
 * read and released again.
 */
async function refusedAgain(sqs: SQSClient, queue: DeadLetterQueue): Promise<ChatLetter[]> {
  const again = await readDeadLetters(sqs, queue);
  await releaseDeadLetters(sqs, again);
  return again.letters.flatMap((letter) => {
    const parsed = letterOf(letter.event);
    return parsed ? [parsed] : [];
  });
}

/** Whether two letters name records in common: the same shard, and ranges of sequence numbers that meet. */
function overlaps(a: ChatLetter, b: ChatLetter): boolean {
  const [x, y] = [positionsOf(a), positionsOf(b)];
  return (
    x.streamArn === y.streamArn &&
    x.shardId === y.shardId &&
    BigInt(x.first) <= BigInt(y.last) &&
    BigInt(y.first) <= BigInt(x.last)
  );
}

/**
 * The letter's records still in the stream, from its first sequence number to its last: pages are read until one
 * passes the last, or an empty page is caught up with the tip (MillisBehindLatest 0), or the shard is closed; an
 * empty page behind the tip is no end.
 */
async function recordsOf(
  kinesis: KinesisClient,
  letter: ChatLetter,
  reporter: OpsReporter,
): Promise<StreamRecord[]> {
  const { streamArn, shardId, first, last } = positionsOf(letter);
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({
      StreamARN: streamArn,
      ShardId: shardId,
      ShardIteratorType: "AT_SEQUENCE_NUMBER",
      StartingSequenceNumber: first,
    }),
  );
  const found: StreamRecord[] = [];
  let iterator = ShardIterator;
  let emptyPages = 0;
  while (iterator) {
    const page = await kinesis.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: RECORDS_PER_CALL }),
    );
    const records = page.Records ?? [];
    for (const record of records) {
      if (BigInt(record.SequenceNumber ?? "0") > BigInt(last)) return found;
      found.push({
        sequenceNumber: record.SequenceNumber ?? "",
        partitionKey: record.PartitionKey ?? "",
        data: record.Data ?? new Uint8Array(),
        arrivedAt: record.ApproximateArrivalTimestamp ?? new Date(),
      });
    }
    if (records.length > 0) emptyPages = 0;
    else if ((page.MillisBehindLatest ?? 0) === 0) return found;
    else if (++emptyPages >= EMPTY_PAGES_AT_MOST) {
      reporter.note(
        `${shardId}/${first}: ${emptyPages} empty pages in a row, still ${page.MillisBehindLatest} ms behind the ` +
          "stream's tip; reading stopped, its records are taken as no longer in the stream",
      );
      return found;
    }
    iterator = page.NextShardIterator;
  }
  return found;
}
