import { ConsultRequestError } from "../consult/errors.js";

/** No message of that id in the consult's channel. */
export class MessageNotFoundError extends ConsultRequestError {
  override name = "MessageNotFoundError";
  constructor(consultId: string, messageId: string) {
    super("message-not-found", consultId, `consult ${consultId} has no message ${messageId}`);
  }
}

/** Chime answered without what the request needs (a message id). */
export class IncompleteMessagingAnswerError extends Error {
  override name = "IncompleteMessagingAnswerError";
  constructor(operation: string, consultId: string) {
    super(`${operation} returned no message id for consult ${consultId}`);
  }
}

/**
 * A streaming record that can never be applied, whatever is retried: it goes to the failure queue with this
 * reason (a code; never the record's content) and the rest of the batch carries on.
 */
export class PoisonRecordError extends Error {
  override name = "PoisonRecordError";
  constructor(
    /** `unreadable-record`, `not-a-consult-channel` or `consult-not-found`. */
    readonly reason: PoisonReason,
    readonly messageId: string | null,
  ) {
    super(`streaming record ${messageId ?? "(no message id)"} cannot be applied: ${reason}`);
  }
}

export type PoisonReason = "unreadable-record" | "not-a-consult-channel" | "consult-not-found";
