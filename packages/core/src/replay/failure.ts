import { type ChatLetter, positionsOf } from "../messaging/chat-letter.js";
import { failureOutcome } from "../workflow/failure.js";
import { identifyEvent } from "./identify.js";

/**
 * One thing that failed, as `medpipe failures` lists it: a failed, timed-out or aborted execution, or an event
 * EventBridge gave up delivering (a dead letter). Ids, names and error codes only: never the event's payload.
 */
export interface Failure {
  source: "execution" | "dead-letter" | "chat-letter";
  /** When it failed: the execution's stop, or when the dead letter was sent to its queue. */
  time: string;
  workflow: string;
  /** The execution's name; null for a dead letter, which never started one. */
  execution: string | null;
  meetingId: string | null;
  /** The state that failed; for a dead letter, the rule whose delivery failed. */
  step: string | null;
  error: string;
  cause: string | null;
  idempotencyKey: string | null;
  eventId: string | null;
}

/** A finished execution that did not succeed, as Step Functions describes it. */
export interface FailedExecution {
  name: string;
  workflow: string;
  status: "FAILED" | "TIMED_OUT" | "ABORTED";
  stopDate: string;
  failedState: string | null;
  error: string | null;
  cause: string | null;
  /** The execution's input: the EventBridge event. */
  input: unknown;
}

/** The message attributes EventBridge sets on a dead-lettered event. */
export interface DeadLetterAttributes {
  RULE_ARN?: string;
  TARGET_ARN?: string;
  ERROR_CODE?: string;
  ERROR_MESSAGE?: string;
}

/** An event in a rule target's dead-letter queue: the body is the event, as EventBridge would have delivered it. */
export interface DeadLetter {
  sentAt: string;
  /** The workflow the queue's rule starts. */
  workflow: string;
  event: unknown;
  attributes: DeadLetterAttributes;
}

/** What Step Functions reports when it gives no error name. */
const STATUS_ERROR = {
  FAILED: "States.Runtime",
  TIMED_OUT: "States.Timeout",
  ABORTED: "ExecutionAborted",
} as const;

/**
 * The failure row of an execution. A Lambda error's cause (`{ errorType, errorMessage, trace }` JSON) is cut down
 * to its message, as the run log keeps it.
 *
 * @example
 * executionFailure({ name, workflow: "transcription", status: "FAILED", stopDate, failedState: "ExtractEntities",
 *   error: "InvalidRequestException", cause, input: event }).idempotencyKey;
 */
export function executionFailure(execution: FailedExecution): Failure {
  const event = identifyEvent(execution.input);
  const error = execution.error ?? STATUS_ERROR[execution.status];
  return {
    source: "execution",
    time: execution.stopDate,
    workflow: execution.workflow,
    execution: execution.name,
    meetingId: event.meetingId,
    step: execution.failedState,
    error,
    cause: failureOutcome({
      step: execution.failedState ?? "",
      failure: { Error: error, Cause: execution.cause ?? undefined },
    }).cause,
    idempotencyKey: event.idempotencyKey,
    eventId: event.eventId,
  };
}

/**
 * The failure row of a dead letter: EventBridge's ERROR_CODE and ERROR_MESSAGE, and the rule's name as the step.
 *
 * @example
 * deadLetterFailure({ sentAt, workflow: "attendance", event, attributes: { ERROR_CODE: "SDK_CLIENT_ERROR" } });
 */
export function deadLetterFailure(letter: DeadLetter): Failure {
  const event = identifyEvent(letter.event);
  return {
    source: "dead-letter",
    time: letter.sentAt,
    workflow: letter.workflow,
    execution: null,
    meetingId: event.meetingId,
    step: letter.attributes.RULE_ARN?.split(":rule/").at(-1) ?? null,
    error: letter.attributes.ERROR_CODE ?? "DeadLetter",
    cause: letter.attributes.ERROR_MESSAGE ?? null,
    idempotencyKey: event.idempotencyKey,
    eventId: event.eventId,
  };
}

/**
 * The failure row of a chat letter: the record's reason (or Lambda's condition for a batch it gave up), the consumer
 * as the step, and where the record is in the stream as its key; the message id as the event, when known.
 *
 * @example
 * chatLetterFailure("2026-03-10T09:05:00Z", letter).error; // "unreadable-record"
 */
export function chatLetterFailure(sentAt: string, letter: ChatLetter): Failure {
  const { shardId, first, last } = positionsOf(letter);
  return {
    source: "chat-letter",
    time: sentAt,
    workflow: "chat",
    execution: null,
    meetingId: null,
    step: "apply-chat-messages",
    error: letter.kind === "poison" ? letter.reason : letter.requestContext.condition,
    cause: letter.kind === "poison" ? null : (letter.responseContext?.functionError ?? null),
    idempotencyKey: first === last ? `${shardId}/${first}` : `${shardId}/${first}-${last}`,
    eventId: letter.kind === "poison" ? letter.messageId : null,
  };
}

/**
 * Failures oldest first, the order people read a table in.
 *
 * @example
 * byTime([...executionFailures, ...deadLetterFailures]);
 */
export function byTime(failures: Failure[]): Failure[] {
  return [...failures].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
