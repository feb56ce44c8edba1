import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetQueueUrlCommand, QueueDoesNotExist } from "@aws-sdk/client-sqs";
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
 * source mapping would); a letter whose records the consumer applied is deleted, the others are released.
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
  const kinesis = new KinesisClient({ region });
  const lambda = new LambdaClient({ region });
  const read: QueueRead = await readDeadLetters(sqs, queue);
  const done: QueueRead["letters"] = [];
  try {
    const chosen = read.letters.filter((letter) => Date.parse(letter.sentAt) >= since.getTime());
    report.letters = chosen.length;
    for (const [index, letter] of chosen.entries()) {
      const parsed = letterOf(letter.event);
      const records = parsed ? await recordsOf(kinesis, parsed) : [];
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
        else {
          report.reapplied++;
          done.push(letter);
        }
      }
      reporter.progress("letters", index + 1, chosen.length);
    }
  } finally {
    await deleteDeadLetters(sqs, { queue, letters: done });
    await releaseDeadLetters(sqs, {
      queue,
      letters: read.letters.filter((letter) => !done.includes(letter)),
    });
  }
  return report;
}

/** The letter's records still in the stream, from its first sequence number to its last. */
async function recordsOf(kinesis: KinesisClient, letter: ChatLetter): Promise<StreamRecord[]> {
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
  while (iterator) {
    const page = await kinesis.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: RECORDS_PER_CALL }),
    );
    for (const record of page.Records ?? []) {
      if (BigInt(record.SequenceNumber ?? "0") > BigInt(last)) return found;
      found.push({
        sequenceNumber: record.SequenceNumber ?? "",
        partitionKey: record.PartitionKey ?? "",
        data: record.Data ?? new Uint8Array(),
        arrivedAt: record.ApproximateArrivalTimestamp ?? new Date(),
      });
    }
    if ((page.Records ?? []).length === 0) return found;
    iterator = page.NextShardIterator;
  }
  return found;
}
