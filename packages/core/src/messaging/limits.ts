import { RETENTION_DAYS } from "../retention/period.js";

/**
 * A STANDARD channel message's content: at most 4 KB (SendChannelMessage, Amazon Chime SDK API reference:
 * "STANDARD messages can be up to 4KB in size"), counted in UTF-8 bytes as the service counts a request body.
 */
export const STANDARD_MESSAGE_MAX_BYTES = 4096;

/**
 * How long Chime keeps a channel's messages: the clinic's retention period, within the 1 to 5,475 days
 * PutAppInstanceRetentionSettings accepts (ChannelRetentionSettings.RetentionDays).
 */
export const MESSAGING_RETENTION_DAYS = RETENTION_DAYS;

/** ChannelRetentionSettings.RetentionDays' range (Amazon Chime SDK API reference). */
export const CHANNEL_RETENTION_DAYS_RANGE = { min: 1, max: 5475 } as const;

/** CreateChannel takes at most 10 MemberArns and 10 ModeratorArns (Amazon Chime SDK API reference). */
export const CHANNEL_ARNS_PER_CREATE = 10;

/**
 * What Chime's data streaming requires of the stream it writes to (developer guide, "Streaming messaging data"):
 * a name starting `chime-messaging-`, at least two shards, server-side encryption.
 */
export const MESSAGING_STREAM_PREFIX = "chime-messaging-";
export const MESSAGING_STREAM_MIN_SHARDS = 2;
