import * as z from "zod";
import { PoisonRecordError } from "./errors.js";
import { consultIdOfChannel, userIdOfIdentity } from "./identities.js";

/** The channel message events of Chime's data streaming (developer guide, "Streaming messaging data"). */
export const CHANNEL_MESSAGE_EVENTS = [
  "CREATE_CHANNEL_MESSAGE",
  "UPDATE_CHANNEL_MESSAGE",
  "REDACT_CHANNEL_MESSAGE",
  "DELETE_CHANNEL_MESSAGE",
] as const;
export type ChannelMessageEvent = (typeof CHANNEL_MESSAGE_EVENTS)[number];

/**
 * A timestamp as a streamed payload may carry it: an ISO-8601 string, or epoch seconds or milliseconds as the
 * messaging API's JSON does (the streaming page names the fields, not their encoding).
 */
const timestamp = z.union([
  z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString()),
  z
    .number()
    .positive()
    .transform((value) => new Date(value < 1e11 ? value * 1000 : value).toISOString()),
]);

/** A ChannelMessage payload, with the fields the `chat` table keeps; other fields pass. */
const channelMessage = z.looseObject({
  ChannelArn: z.string().min(1),
  MessageId: z.string().min(1).max(128),
  Content: z.string().nullish(),
  Type: z.enum(["STANDARD", "CONTROL", "SYSTEM"]),
  CreatedTimestamp: timestamp,
  LastUpdatedTimestamp: timestamp.optional(),
  Sender: z.looseObject({ Arn: z.string() }).optional(),
  Redacted: z.boolean().optional(),
});

/** One record of the stream: `{EventType, Payload}`, the payload's shape depending on the type. */
export const streamingRecord = z.looseObject({ EventType: z.string().min(1), Payload: z.unknown() });
export type StreamingRecord = z.infer<typeof streamingRecord>;

/** A `chat` row as the pipeline writes it (supabase/migrations, `public.apply_chat_message`). */
export interface ChatRow {
  messageId: string;
  consultId: string;
  channelArn: string;
  /** The Supabase user who sent it; null for any other identity (the pipeline's own, a bot). */
  senderId: string | null;
  /** Null once the message is redacted or deleted. */
  content: string | null;
  type: "STANDARD" | "CONTROL" | "SYSTEM";
  createdAt: string;
  /** The message's own last-updated time: an older record never overwrites a newer one. */
  updatedAt: string;
  redacted: boolean;
  deleted: boolean;
}

/**
 * The `chat` row a streaming record sets, or null for a record that is no channel message's (channel,
 * membership, ban and moderator events), which the consumer skips. A record that can never become a row is a
 * {@link PoisonRecordError} with its reason; nothing of its content is in the error.
 *
 * @example
 * const row = chatRowOf(JSON.parse(data)); if (row) await chat.applyChatMessage(row);
 */
export function chatRowOf(record: unknown): ChatRow | null {
  const parsed = streamingRecord.safeParse(record);
  if (!parsed.success) throw new PoisonRecordError("unreadable-record", null);
  const eventType = parsed.data.EventType as ChannelMessageEvent;
  if (!CHANNEL_MESSAGE_EVENTS.includes(eventType)) return null;
  const payload = channelMessage.safeParse(parsed.data.Payload);
  const messageId = messageIdOf(parsed.data.Payload);
  if (!payload.success) throw new PoisonRecordError("unreadable-record", messageId);
  const message = payload.data;
  const consultId = consultIdOfChannel(message.ChannelArn);
  if (!consultId) throw new PoisonRecordError("not-a-consult-channel", message.MessageId);
  const deleted = eventType === "DELETE_CHANNEL_MESSAGE";
  const redacted = eventType === "REDACT_CHANNEL_MESSAGE" || message.Redacted === true;
  return {
    messageId: message.MessageId,
    consultId,
    channelArn: message.ChannelArn,
    senderId: userIdOfIdentity(message.Sender?.Arn),
    content: deleted || redacted ? null : (message.Content ?? null),
    type: message.Type,
    createdAt: message.CreatedTimestamp,
    updatedAt: message.LastUpdatedTimestamp ?? message.CreatedTimestamp,
    redacted,
    deleted,
  };
}

/** The payload's message id when it has one of a message id's shape, for the failure record. */
function messageIdOf(payload: unknown): string | null {
  const id = (payload as { MessageId?: unknown } | null)?.MessageId;
  return typeof id === "string" && /^[\w-]{1,128}$/.test(id) ? id : null;
}
