import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Base64Encoded } from "@aws-lambda-powertools/parser/helpers";
import {
  KinesisDataStreamRecord,
  KinesisDataStreamRecordPayload,
} from "@aws-lambda-powertools/parser/schemas/kinesis";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  chatRowOf,
  type PoisonReason,
  PoisonRecordError,
  poisonLetter,
  streamingRecord,
} from "@medpipe/core/messaging";
import { withoutContent } from "@medpipe/core/workflow";
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { chatFailures, chatStore } from "./runtime/chat-services.js";
import { logger } from "./runtime/logger.js";

/** A record of the stream, its data decoded from base64 (and JSON) as Chime's `{EventType, Payload}`. */
const chatStreamRecord = KinesisDataStreamRecord.extend({
  kinesis: KinesisDataStreamRecordPayload.extend({ data: Base64Encoded(streamingRecord) }),
});

const processor = new BatchProcessor(EventType.KinesisDataStreams);

/** Sends a record that can never be applied to the failure queue, with its reason and place, never its content. */
async function sendToFailures(
  reason: PoisonReason,
  record: KinesisStreamRecord,
  messageId: string | null,
  eventType: string | null,
) {
  const { sqs, queueUrl } = chatFailures();
  const letter = poisonLetter(
    reason,
    { messageId, eventType },
    {
      streamArn: record.eventSourceARN,
      shardId: record.eventID.split(":")[0] ?? "",
      sequenceNumber: record.kinesis.sequenceNumber,
      arrivedAt: new Date(record.kinesis.approximateArrivalTimestamp * 1000).toISOString(),
    },
  );
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(letter) }));
  logger.warn("chat record to the failure queue", {
    reason,
    messageId,
    sequenceNumber: letter.sequenceNumber,
  });
}

/**
 * Applies one record to `chat`. A record that can never apply goes to the failure queue and counts as done, so
 * the batch carries on; anything a retry may fix (Supabase unreachable) fails the record, without its content, and
 * the event source mapping retries from it.
 */
async function applyRecord(record: KinesisStreamRecord): Promise<void> {
  const parsed = chatStreamRecord.safeParse(record);
  if (!parsed.success) return sendToFailures("unreadable-record", record, null, null);
  const { EventType: eventType } = parsed.data.kinesis.data;
  try {
    const row = chatRowOf(parsed.data.kinesis.data);
    if (!row) return;
    const changed = await (await chatStore()).applyChatMessage(row);
    logger.debug("chat record", { eventType, messageId: row.messageId, changed });
  } catch (error) {
    if (error instanceof PoisonRecordError)
      return sendToFailures(error.reason, record, error.messageId, eventType);
    throw withoutContent(error);
  }
}

/**
 * The chat consumer: Chime's data streaming of the stage's AppInstance, through a Kinesis event source mapping
 * that takes partial batch responses. Logs ids and counts only.
 */
export async function handler(event: KinesisStreamEvent, context: Context) {
  const response = await processPartialResponse(event, applyRecord, processor, { context });
  logger.info("chat batch", { records: event.Records.length, failed: response.batchItemFailures.length });
  return response;
}
