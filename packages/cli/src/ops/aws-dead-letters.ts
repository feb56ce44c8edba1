import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { parseEvent, route, type WorkflowName } from "@medpipe/core/events";
import type { DeadLetter, DeadLetterAttributes } from "@medpipe/core/replay";
import type { DeadLetterQueue } from "./aws-resources.js";

/** ReceiveMessage, ChangeMessageVisibilityBatch and DeleteMessageBatch take at most 10 (SQS API reference). */
const BATCH = 10;
/** Receives of one read at most: 10,000 letters a queue, a minute or two of reading. */
const MAX_RECEIVES = 1_000;
/**
 * How long a read hides the letters it took: longer than reading 10,000 takes, so that none comes back during
 * the read (SQS allows up to 12 hours). Released as soon as the read is done.
 */
const HIDE_SECONDS = 300;
const ATTRIBUTES: (keyof DeadLetterAttributes)[] = ["RULE_ARN", "TARGET_ARN", "ERROR_CODE", "ERROR_MESSAGE"];

/** A dead letter as read, with the receipt handle that releases or deletes it. */
export type ReadLetter = DeadLetter & { messageId: string; receiptHandle: string };

/** What one read of a queue found. */
export interface QueueRead {
  queue: DeadLetterQueue;
  letters: ReadLetter[];
  /** SQS's ApproximateNumberOfMessages and …NotVisible when the read began. */
  approximate: { visible: number; hidden: number };
  /** False when the read stopped at its bound with letters left unread. */
  complete: boolean;
}

/**
 * Every letter of a dead-letter queue, read by hiding each one received (a standard queue would hand the same
 * visible messages back receive after receive) until a long-polling receive, which asks every SQS server, finds
 * none left; at most 10,000. The letters stay in the queue, hidden for 5 minutes: release them
 * ({@link releaseDeadLetters}) or delete them ({@link deleteDeadLetters}) when done.
 *
 * @example
 * const read = await readDeadLetters(sqs, queue); try { list(read.letters) } finally { await releaseDeadLetters(sqs, read) }
 */
export async function readDeadLetters(sqs: SQSClient, queue: DeadLetterQueue): Promise<QueueRead> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  const approximate = {
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    hidden: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
  const received = new Map<string, Message>();
  for (let receive = 0; receive < MAX_RECEIVES; receive++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: BATCH,
        VisibilityTimeout: HIDE_SECONDS,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["SentTimestamp"],
      }),
    );
    if (Messages.length === 0)
      return { queue, letters: lettersOf(queue, received), approximate, complete: true };
    for (const message of Messages) received.set(message.MessageId ?? "", message);
  }
  return { queue, letters: lettersOf(queue, received), approximate, complete: false };
}

/**
 * Makes the letters of a read visible again (ChangeMessageVisibilityBatch to 0, ten at a time), so that the
 * queue's alarm and the next reader see them. A letter deleted meanwhile is no error.
 *
 * @example
 * await releaseDeadLetters(sqs, read);
 */
export async function releaseDeadLetters(
  sqs: SQSClient,
  read: { queue: DeadLetterQueue; letters: ReadLetter[] },
): Promise<void> {
  for (const batch of batches(read.letters)) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: read.queue.url,
        Entries: batch.map((letter, index) => ({
          Id: String(index),
          ReceiptHandle: letter.receiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}

/**
 * Deletes letters of a read (DeleteMessageBatch, ten at a time): their events were run successfully. Returns how
 * many SQS deleted.
 *
 * @example
 * await deleteDeadLetters(sqs, { queue, letters: done });
 */
export async function deleteDeadLetters(
  sqs: SQSClient,
  read: { queue: DeadLetterQueue; letters: ReadLetter[] },
): Promise<number> {
  let deleted = 0;
  for (const batch of batches(read.letters)) {
    const { Successful = [] } = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: read.queue.url,
        Entries: batch.map((letter, index) => ({ Id: String(index), ReceiptHandle: letter.receiptHandle })),
      }),
    );
    deleted += Successful.length;
  }
  return deleted;
}

/**
 * What people must know of a read beyond its letters: that the queue held more than was read.
 *
 * @example
 * for (const line of readNotes(read)) reporter.note(line);
 */
export function readNotes(read: QueueRead): string[] {
  const notes: string[] = [];
  if (!read.complete) {
    notes.push(
      `${read.queue.name}: read the first ${read.letters.length} of about ${read.approximate.visible} dead letters; ` +
        "the others are not listed (replay or delete these, then look again)",
    );
  }
  if (read.approximate.hidden > 0) {
    notes.push(
      `${read.queue.name}: about ${read.approximate.hidden} dead letters were hidden by another reader ` +
        "(a replay or another medpipe command) and are not listed; look again in 5 minutes",
    );
  }
  return notes;
}

function lettersOf(queue: DeadLetterQueue, received: Map<string, Message>): ReadLetter[] {
  return [...received.values()].map((message) => {
    const event = parseBody(message.Body);
    return {
      sentAt: new Date(Number(message.Attributes?.SentTimestamp ?? 0)).toISOString(),
      workflow: queue.workflow ?? forwardedTo(event) ?? "forwarder",
      event,
      attributes: Object.fromEntries(
        ATTRIBUTES.flatMap((name) => {
          const value = message.MessageAttributes?.[name]?.StringValue;
          return value === undefined ? [] : [[name, value]];
        }),
      ),
      messageId: message.MessageId ?? "",
      receiptHandle: message.ReceiptHandle ?? "",
    };
  });
}

/** The workflow a forwarded event would have started, by the routing rules' patterns. */
export function forwardedTo(event: unknown): WorkflowName | null {
  const parsed = parseEvent(event);
  return parsed.ok ? route(parsed.event, { recordingsBucket: "-" }) : null;
}

function batches<T>(items: T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) =>
    items.slice(i * BATCH, (i + 1) * BATCH),
  );
}

function parseBody(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? "");
  } catch {
    return body ?? null;
  }
}
