export {
  ensureAppInstanceUser,
  ensureConsultChannel,
  type MessagingDependencies,
  messagingRequestToken,
} from "./channel.js";
export { type ChatLetter, chatLetter, type PoisonLetter, poisonLetter, positionsOf } from "./chat-letter.js";
export { type ChatStore, createChatStore } from "./chat-store.js";
export {
  IncompleteMessagingAnswerError,
  MessageNotFoundError,
  type PoisonReason,
  PoisonRecordError,
} from "./errors.js";
export {
  appInstanceUserArn,
  consultChannelArn,
  consultIdOfChannel,
  HANDLER_VARIABLE,
  MESSAGING_HANDLERS,
  type MessagingHandler,
  messagingNames,
  SERVICE_USER_ID,
  userIdOfIdentity,
} from "./identities.js";
export { kinesisEventOf, type PartialBatchResponse, type StreamRecord } from "./kinesis-event.js";
export {
  CHANNEL_ARNS_PER_CREATE,
  CHANNEL_RETENTION_DAYS_RANGE,
  MESSAGING_RETENTION_DAYS,
  MESSAGING_STREAM_MIN_SHARDS,
  MESSAGING_STREAM_PREFIX,
  STANDARD_MESSAGE_MAX_BYTES,
} from "./limits.js";
export {
  createMessaging,
  deleteMessaging,
  type MessagingProvisionProperties,
  messagingProvisionProperties,
  type ProvisionedMessaging,
  type ProvisioningClients,
  updateMessaging,
} from "./provision.js";
export { redactConsultMessage } from "./redact.js";
export { chimeMessagingRegions, MESSAGING_REGION_VARIABLE, messagingRegion } from "./region.js";
export { sendConsultMessage } from "./send.js";
export {
  CHANNEL_MESSAGE_EVENTS,
  type ChannelMessageEvent,
  type ChatRow,
  chatRowOf,
  type StreamingRecord,
  streamingRecord,
} from "./streaming-record.js";
