import { randomUUID } from "node:crypto";
import {
  BatchEntryIdsNotDistinct,
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  EmptyBatchRequest,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type Message,
  OverLimit,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  type SQSClient,
  SQSServiceException,
  TooManyEntriesInBatchRequest,
} from "@aws-sdk/client-sqs";
import type { AwsClientStub } from "aws-sdk-client-mock";

/**
 * Test scaffolding: SQS standard queues as a service model behind aws-sdk-client-mock. Used by tests only.
 *
 * What it keeps of SQS (API reference and developer guide): a receive returns at most 10 visible messages and
 * hides them for its VisibilityTimeout (0 to 43,200 s; 0 leaves them visible, so the next receive returns the
 * same ones again); each receive issues a new receipt handle and only the latest one deletes or changes the
 * message (an older one is accepted and does nothing); batches hold 1 to 10 entries with distinct ids; a queue
 * holds at most 120,000 messages in flight; ApproximateNumberOfMessages counts the visible ones.
 */

interface StoredMessage {
  id: string;
  body: string;
  attributes: Message["MessageAttributes"];
  sentAt: number;
  visibleAt: number;
  receipt: string | null;
  deleted: boolean;
}

const MAX_BATCH = 10;
const MAX_VISIBILITY_SECONDS = 43_200;
const MAX_IN_FLIGHT = 120_000;

export class SqsModel {
  private readonly queues = new Map<string, StoredMessage[]>();

  constructor(private readonly options: { account: string; now: () => number }) {}

  url(region: string, name: string): string {
    return `https://sqs.${region}.amazonaws.com/${this.options.account}/${name}`;
  }

  /** Creates the queue (empty); sending to it adds messages. */
  create(region: string, name: string): this {
    this.queues.set(this.url(region, name), []);
    return this;
  }

  /** A message sent to the queue, as EventBridge sends a dead letter: the event, and its error attributes. */
  send(
    region: string,
    name: string,
    body: unknown,
    attributes: Record<string, string> = {},
    sentAt?: number,
  ) {
    const queue = this.queue(this.url(region, name));
    queue.push({
      id: randomUUID(),
      body: JSON.stringify(body),
      attributes: Object.fromEntries(
        Object.entries(attributes).map(([key, value]) => [key, { DataType: "String", StringValue: value }]),
      ),
      sentAt: sentAt ?? this.options.now(),
      visibleAt: 0,
      receipt: null,
      deleted: false,
    });
  }

  /** Another reader receives every visible message of the queue, hiding them for `seconds`. */
  receiveAll(region: string, name: string, seconds: number): void {
    const now = this.options.now();
    for (const m of this.queue(this.url(region, name))) {
      if (!m.deleted && m.visibleAt <= now) {
        m.visibleAt = now + seconds * 1000;
        m.receipt = randomUUID();
      }
    }
  }

  /** The messages still in a queue (visible or not). */
  held(region: string, name: string): number {
    return this.queue(this.url(region, name)).filter((m) => !m.deleted).length;
  }

  /** The messages of a queue visible now. */
  visible(region: string, name: string): number {
    const now = this.options.now();
    return this.queue(this.url(region, name)).filter((m) => !m.deleted && m.visibleAt <= now).length;
  }

  install(sqs: AwsClientStub<SQSClient>): void {
    sqs.on(GetQueueUrlCommand).callsFake(async (input, getClient) => {
      const url = this.url(await getClient().config.region(), String(input.QueueName));
      if (!this.queues.has(url)) {
        throw new QueueDoesNotExist({ message: "The specified queue does not exist.", $metadata: {} });
      }
      return { QueueUrl: url };
    });
    sqs.on(GetQueueAttributesCommand).callsFake(async (input) => {
      const now = this.options.now();
      const live = this.queue(String(input.QueueUrl)).filter((m) => !m.deleted);
      return {
        Attributes: {
          ApproximateNumberOfMessages: String(live.filter((m) => m.visibleAt <= now).length),
          ApproximateNumberOfMessagesNotVisible: String(live.filter((m) => m.visibleAt > now).length),
        },
      };
    });
    sqs.on(ReceiveMessageCommand).callsFake(async (input) => {
      const max = input.MaxNumberOfMessages ?? 1;
      const hide = input.VisibilityTimeout ?? 30;
      if (max < 1 || max > MAX_BATCH) throw invalid("MaxNumberOfMessages must be between 1 and 10");
      if (hide < 0 || hide > MAX_VISIBILITY_SECONDS) throw invalid("VisibilityTimeout must be 0 to 43200");
      const now = this.options.now();
      const live = this.queue(String(input.QueueUrl)).filter((m) => !m.deleted);
      const inFlight = live.filter((m) => m.visibleAt > now).length;
      const chosen = live.filter((m) => m.visibleAt <= now).slice(0, max);
      if (inFlight + chosen.length > MAX_IN_FLIGHT && hide > 0) {
        throw new OverLimit({ message: "Too many messages in flight", $metadata: {} });
      }
      const all = (names: string[] | undefined) => names?.includes("All") ?? false;
      return {
        Messages: chosen.map((m) => {
          m.visibleAt = now + hide * 1000;
          m.receipt = randomUUID();
          return {
            MessageId: m.id,
            ReceiptHandle: m.receipt,
            Body: m.body,
            Attributes:
              all(input.MessageSystemAttributeNames) ||
              input.MessageSystemAttributeNames?.includes("SentTimestamp")
                ? { SentTimestamp: String(m.sentAt) }
                : undefined,
            MessageAttributes: all(input.MessageAttributeNames) ? m.attributes : undefined,
          };
        }),
      };
    });
    sqs.on(ChangeMessageVisibilityBatchCommand).callsFake(async (input) => {
      const entries = checkBatch(input.Entries);
      const queue = this.queue(String(input.QueueUrl));
      const now = this.options.now();
      const Successful: { Id: string }[] = [];
      const Failed: { Id: string; Code: string; SenderFault: boolean }[] = [];
      for (const entry of entries) {
        const message = queue.find((m) => !m.deleted && m.receipt === entry.ReceiptHandle);
        if (!message) Failed.push({ Id: entry.Id, Code: "ReceiptHandleIsInvalid", SenderFault: true });
        else if (message.visibleAt <= now)
          Failed.push({ Id: entry.Id, Code: "MessageNotInflight", SenderFault: true });
        else {
          message.visibleAt = now + (entry.VisibilityTimeout ?? 0) * 1000;
          Successful.push({ Id: entry.Id });
        }
      }
      return { Successful, Failed };
    });
    sqs.on(DeleteMessageBatchCommand).callsFake(async (input) => {
      const entries = checkBatch(input.Entries);
      const queue = this.queue(String(input.QueueUrl));
      for (const entry of entries) {
        const message = queue.find((m) => m.receipt === entry.ReceiptHandle);
        if (message) message.deleted = true;
      }
      return { Successful: entries.map((entry) => ({ Id: entry.Id })), Failed: [] };
    });
  }

  private queue(url: string): StoredMessage[] {
    const queue = this.queues.get(url);
    if (!queue)
      throw new QueueDoesNotExist({ message: "The specified queue does not exist.", $metadata: {} });
    return queue;
  }
}

interface BatchEntry {
  Id: string;
  ReceiptHandle?: string;
  VisibilityTimeout?: number;
}

function checkBatch(entries: BatchEntry[] | undefined): BatchEntry[] {
  if (!entries || entries.length === 0) {
    throw new EmptyBatchRequest({
      message: "There should be at least one entry in the request.",
      $metadata: {},
    });
  }
  if (entries.length > MAX_BATCH) {
    throw new TooManyEntriesInBatchRequest({
      message: "Maximum number of entries per request are 10.",
      $metadata: {},
    });
  }
  if (new Set(entries.map((e) => e.Id)).size !== entries.length) {
    throw new BatchEntryIdsNotDistinct({ message: "Id must be unique in a batch request.", $metadata: {} });
  }
  return entries;
}

function invalid(message: string): SQSServiceException {
  return new SQSServiceException({ name: "InvalidParameterValue", message, $fault: "client", $metadata: {} });
}
