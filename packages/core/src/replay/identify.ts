import { idempotencyKey } from "../events/idempotency.js";
import { parseEvent } from "../events/parse.js";
import type { PipelineEvent } from "../events/types.js";
import { isUuid } from "../events/uuid.js";
import { meetingIdOfRecording } from "../recording/keys.js";

/** What ops look an event up by: ids and times only, never its payload. */
export interface EventIdentity {
  eventId: string | null;
  meetingId: string | null;
  idempotencyKey: string | null;
  /** Chime's `detail.eventType`, or the `detail-type` for other sources. */
  eventType: string | null;
  /** The envelope's `time`: what an EventBridge replay window selects on. */
  time: string | null;
  replayName: string | null;
}

/**
 * The ids of an EventBridge event: read with {@link parseEvent} when the event is valid (the meeting of a
 * concatenated recording comes from its key); for an event the pipeline refused, from its raw `id`,
 * `replay-name` and `detail.meetingId` (kept only when it is a UUID, so that no stray value is echoed).
 *
 * @example
 * identifyEvent(meetingEnded).idempotencyKey; // "6a7e8feb-…" (the id), or "<id>_<replay-name>" for a replay
 */
export function identifyEvent(event: unknown): EventIdentity {
  const parsed = parseEvent(event);
  if (parsed.ok) return identityOfParsed(parsed.event);
  const raw = objectOrEmpty(event);
  const detail = objectOrEmpty(raw.detail);
  const id = stringOrNull(raw.id);
  const replayName = stringOrNull(raw["replay-name"]);
  const meetingId = stringOrNull(detail.meetingId);
  return {
    eventId: id,
    meetingId: meetingId && isUuid(meetingId) ? meetingId.toLowerCase() : null,
    idempotencyKey: id ? idempotencyKey(id, replayName) : null,
    eventType: stringOrNull(detail.eventType) ?? stringOrNull(raw["detail-type"]),
    time: stringOrNull(raw.time),
    replayName,
  };
}

/** The ids of an event already parsed: what {@link identifyEvent} gives for a valid event. */
export function identityOfParsed(event: PipelineEvent): EventIdentity {
  return {
    eventId: event.id,
    meetingId: meetingOf(event),
    idempotencyKey: event.idempotencyKey,
    eventType: event.eventType,
    time: event.time,
    replayName: event.replayName,
  };
}

function meetingOf(event: PipelineEvent): string | null {
  if ("meetingId" in event && event.meetingId) return event.meetingId;
  if (event.kind === "object-created" || event.kind === "object-deleted")
    return meetingIdOfRecording(event.key);
  return null;
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
