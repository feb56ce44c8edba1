import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { type DeadLetter, type DeadLetterAttributes, identifyEvent } from "@medpipe/core/replay";
import type { DeadLetterQueue } from "./aws-resources.js";

/** Receives of one peek at most: 10 messages each, so a thousand dead letters. */
const MAX_RECEIVES = 100;
const ATTRIBUTES: (keyof DeadLetterAttributes)[] = ["RULE_ARN", "TARGET_ARN", "ERROR_CODE", "ERROR_MESSAGE"];

/**
 * The messages of a dead-letter queue, read without taking them (visibility timeout 0: each stays visible to
 * the next receive). Receives until one brings nothing new; long polling (1 s) asks every SQS server, so an
 * empty answer means an empty queue.
 *
 * @example
 * const letters = await peekDeadLetters(sqs, queue);
 */
export async function peekDeadLetters(
  sqs: SQSClient,
  queue: DeadLetterQueue,
): Promise<(DeadLetter & { receiptHandle: string })[]> {
  const seen = new Map<string, Message>();
  for (let receive = 0; receive < MAX_RECEIVES; receive++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["SentTimestamp"],
      }),
    );
    const fresh = Messages.filter((message) => !seen.has(message.MessageId ?? ""));
    for (const message of Messages) seen.set(message.MessageId ?? "", message);
    if (fresh.length === 0) break;
  }
  return [...seen.values()].map((message) => ({
    sentAt: new Date(Number(message.Attributes?.SentTimestamp ?? 0)).toISOString(),
    workflow: queue.workflow,
    event: parseBody(message.Body),
    attributes: Object.fromEntries(
      ATTRIBUTES.flatMap((name) => {
        const value = message.MessageAttributes?.[name]?.StringValue;
        return value === undefined ? [] : [[name, value]];
      }),
    ),
    receiptHandle: message.ReceiptHandle ?? "",
  }));
}

/**
 * Deletes the dead letters of these events (a replay ran them successfully), with receipt handles from a fresh
 * peek, as SQS honours only the latest. Returns how many it deleted.
 *
 * @example
 * await deleteDeadLetters(sqs, queue, resolvedEvents(executions));
 */
export async function deleteDeadLetters(
  sqs: SQSClient,
  queue: DeadLetterQueue,
  eventIds: Set<string>,
): Promise<number> {
  if (eventIds.size === 0) return 0;
  const done = (await peekDeadLetters(sqs, queue)).filter((letter) =>
    eventIds.has(identifyEvent(letter.event).eventId ?? ""),
  );
  for (const letter of done) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: letter.receiptHandle }));
  }
  return done.length;
}

function parseBody(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? "");
  } catch {
    return body ?? null;
  }
}
