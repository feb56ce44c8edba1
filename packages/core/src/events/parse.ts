import { InvalidEventError, type Rejection } from "./errors.js";
import { idempotencyKey } from "./idempotency.js";
import { MEDPIPE_SOURCE, MEETING_TIMED_OUT } from "./meeting-timed-out.js";
import { RECORDING_CONSENT_GIVEN } from "./recording-consent-given.js";
import type { EventEnvelope, EventMeta, PipelineEvent } from "./types.js";
import { isUuid } from "./uuid.js";

export type ParseResult = { ok: true; event: PipelineEvent } | { ok: false; rejection: Rejection };

/** EventBridge's largest event: 256 KB of UTF-8, measured on the event as EventBridge serializes it. */
export const MAX_EVENT_BYTES = 262_144;
/** Text longer than this is refused unread: no amount of indentation makes it a 256 KB event. */
const MAX_TEXT_BYTES = 8 * MAX_EVENT_BYTES;
const EVENT = "(event)";

/** Chime meeting, attendee and media pipeline ids (Chime SDK API reference). */
/** A content share joins as a second attendee, `<attendeeId>#content`. */
const CONTENT_SHARE = "#content";
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
/** EventBridge replay names (StartReplay API reference). */
const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const TRANSCRIPTION_JOB_NAME = /^[0-9a-zA-Z._-]{1,200}$/;
const TRANSCRIPTION_JOB_STATUSES = ["QUEUED", "IN_PROGRESS", "FAILED", "COMPLETED"];
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/;
/** 9999-12-31T23:59:59.999Z: later times do not print as plain ISO-8601. */
const MAX_EPOCH_MILLIS = 253_402_300_799_999;

/**
 * Reads one EventBridge event (a JSON string, a UTF-8 Buffer or an already parsed object) into a typed
 * {@link PipelineEvent}, or says which field is wrong and why. Never throws.
 *
 * Strict on the fields the pipeline uses (ids, times, the kind of event), tolerant of fields it does not know.
 * Events over EventBridge's 256 KB are refused as `(event)`.
 *
 * @example
 * const result = parseEvent(await readFile("event.json"));
 * if (!result.ok) console.error(`${result.rejection.field}: ${result.rejection.reason}`);
 */
export function parseEvent(input: unknown): ParseResult {
  try {
    return { ok: true, event: readEvent(readJson(input)) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, rejection: error.rejection };
    return { ok: false, rejection: { field: EVENT, reason: "could not be read" } };
  }
}

/**
 * {@link parseEvent} for handlers: the typed event, or an {@link InvalidEventError} naming the field.
 *
 * @example
 * export const handler = async (input: unknown) => Meeting.end(parseEventOrThrow(input));
 */
export function parseEventOrThrow(input: unknown): PipelineEvent {
  const result = parseEvent(input);
  if (!result.ok) throw new InvalidEventError(result.rejection);
  return result.event;
}

class Refusal {
  constructor(readonly rejection: Rejection) {}
}

function refuse(field: string, reason: string): never {
  throw new Refusal({ field, reason });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

const tooLarge = `is larger than EventBridge's ${MAX_EVENT_BYTES} bytes`;

function readJson(input: unknown): Record<string, unknown> {
  let value: unknown;
  if (typeof input === "string" || input instanceof Uint8Array) {
    const bytes = typeof input === "string" ? utf8Bytes(input) : input.byteLength;
    if (bytes > MAX_TEXT_BYTES) refuse(EVENT, tooLarge);
    let text: string;
    try {
      text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      refuse(EVENT, "is not valid UTF-8");
    }
    try {
      value = JSON.parse(text);
    } catch {
      refuse(EVENT, "is not valid JSON");
    }
    // Indentation does not count: measure the event as EventBridge would deliver it.
    if (bytes > MAX_EVENT_BYTES && utf8Bytes(JSON.stringify(value)) > MAX_EVENT_BYTES)
      refuse(EVENT, tooLarge);
  } else {
    let text: string | undefined;
    try {
      text = JSON.stringify(input);
    } catch {
      refuse(EVENT, "is not JSON");
    }
    if (text === undefined) refuse(EVENT, "must be a JSON object");
    if (utf8Bytes(text) > MAX_EVENT_BYTES) refuse(EVENT, tooLarge);
    // A plain copy: what a handler keeps as `raw` is exactly what went over the wire.
    value = JSON.parse(text);
  }
  if (!isObject(value)) refuse(EVENT, "must be a JSON object");
  return value;
}

type Check = (value: string) => string | null;

const uuid: Check = (value) => (isUuid(value) ? null : "must be a UUID");
const matching =
  (pattern: RegExp, reason: string): Check =>
  (value) =>
    pattern.test(value) ? null : reason;
/** Length in characters (code points), as the AWS API references count them. */
const characters =
  (min: number, max: number): Check =>
  (value) => {
    const length = [...value].length;
    return length >= min && length <= max ? null : `must be ${min} to ${max} characters`;
  };
const externalId = characters(2, 64);
const withoutContentShare = (value: string) =>
  value.endsWith(CONTENT_SHARE) ? value.slice(0, -CONTENT_SHARE.length) : value;
const attendeeId: Check = (value) => uuid(withoutContentShare(value)) && "must be a UUID (or a UUID#content)";
const externalUserId: Check = (value) => externalId(withoutContentShare(value));
const region = matching(REGION, "must be an AWS region");

/** The fields of one JSON object, read with the dotted path a rejection names. */
class Fields {
  constructor(
    private readonly values: Record<string, unknown>,
    private readonly path: string,
  ) {}

  private name(key: string): string {
    return this.path === "" ? key : `${this.path}.${key}`;
  }

  private value(key: string): unknown {
    return Object.hasOwn(this.values, key) ? this.values[key] : undefined;
  }

  string(key: string, check?: Check): string {
    const value = this.optionalString(key, check);
    if (value === null) refuse(this.name(key), "is required");
    return value;
  }

  /** Absent and `null` both read as `null`. */
  optionalString(key: string, check?: Check): string | null {
    const value = this.value(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") refuse(this.name(key), "must be a string");
    if (value === "") refuse(this.name(key), "must not be empty");
    const problem = check?.(value);
    if (problem) refuse(this.name(key), problem);
    return value;
  }

  object(key: string): Fields {
    const value = this.value(key);
    if (value === undefined || value === null) refuse(this.name(key), "is required");
    if (!isObject(value)) refuse(this.name(key), "must be an object");
    return new Fields(value, this.name(key));
  }

  nonNegativeInteger(key: string): number {
    const value = this.value(key);
    if (value === undefined || value === null) refuse(this.name(key), "is required");
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      refuse(this.name(key), "must be a non-negative integer");
    }
    return value;
  }

  /** Epoch milliseconds, returned as ISO-8601. */
  epochMillis(key: string): string {
    const value = this.value(key);
    if (value === undefined || value === null) refuse(this.name(key), "is required");
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_EPOCH_MILLIS) {
      refuse(this.name(key), "must be epoch milliseconds");
    }
    return new Date(value).toISOString();
  }

  /** An ISO-8601 date-time with a zone (`2021-07-28T20:21:50Z`), returned in UTC as `toISOString` prints it. */
  isoTime(key: string): string {
    const value = this.string(key);
    const iso = normalizeIsoTime(value);
    if (iso === null) refuse(this.name(key), "must be an ISO-8601 time");
    return iso;
  }
}

function normalizeIsoTime(value: string): string | null {
  const parts = ISO_TIME.exec(value);
  if (!parts) return null;
  const [, year, month, day, hour, minute, second, fraction = "", zone, zoneHour, zoneMinute] = parts;
  const y = Number(year);
  const m = Number(month);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (days === undefined || Number(day) < 1 || Number(day) > days) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  if (zone !== "Z" && (Number(zoneHour) > 23 || Number(zoneMinute) > 59)) return null;
  const millis = fraction.padEnd(3, "0").slice(0, 3);
  const time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${zone}`);
  if (Number.isNaN(time) || time < 0 || time > MAX_EPOCH_MILLIS) return null;
  return new Date(time).toISOString();
}

type Meta = Omit<EventMeta, "eventType">;
/** Reads one kind's `detail`; `sentAt` is the envelope `time` in UTC. */
type DetailReader = (detail: Fields, meta: Meta, sentAt: string) => PipelineEvent;

function readEvent(raw: Record<string, unknown>): PipelineEvent {
  const envelope = new Fields(raw, "");
  const id = envelope.string("id", uuid);
  const source = envelope.string("source");
  const readers = DETAIL_READERS.get(source);
  if (!readers) refuse("source", "is not a source the pipeline knows");
  const detailType = envelope.string("detail-type");
  const readDetail = readers.get(detailType);
  if (!readDetail) refuse("detail-type", `is not a detail-type of ${source} the pipeline knows`);
  const time = envelope.string("time");
  const sentAt = normalizeIsoTime(time) ?? refuse("time", "must be an ISO-8601 time");
  const replayName = envelope.optionalString("replay-name", matching(REPLAY_NAME, "must be a replay name"));
  const meta: Meta = {
    id,
    source,
    detailType,
    time,
    region: envelope.string("region", region),
    account: envelope.string("account", matching(ACCOUNT, "must be a 12-digit account id")),
    replayName,
    idempotencyKey: idempotencyKey(id, replayName),
    raw: raw as EventEnvelope,
  };
  return readDetail(envelope.object("detail"), meta, sentAt);
}

/** Chime sends meeting, attendee and live transcription events under one detail-type. */
function chimeMeetingKind(eventType: string): "meeting" | "attendee" | "live-transcription" | null {
  if (eventType.startsWith("chime:Meeting")) return "meeting";
  if (eventType.startsWith("chime:Attendee")) return "attendee";
  if (eventType.startsWith("chime:Transcription")) return "live-transcription";
  return null;
}

const chimeMeeting: DetailReader = (detail, meta) => {
  const eventType = detail.string("eventType");
  const kind = chimeMeetingKind(eventType);
  if (!kind) refuse("detail.eventType", "is not a Chime meeting event type the pipeline knows");
  const common = {
    ...meta,
    eventType,
    meetingId: detail.string("meetingId", uuid),
    externalMeetingId: detail.optionalString("externalMeetingId", externalId),
    mediaRegion: detail.optionalString("mediaRegion", region),
    occurredAt: detail.epochMillis("timestamp"),
  };
  if (kind === "attendee") {
    return {
      kind,
      ...common,
      attendeeId: detail.string("attendeeId", attendeeId),
      externalUserId: detail.optionalString("externalUserId", externalUserId),
    };
  }
  if (kind === "live-transcription") {
    return {
      kind,
      ...common,
      transcriptionRegion: detail.optionalString("transcriptionRegion", region),
      message: detail.optionalString("message"),
    };
  }
  return { kind, ...common };
};

const chimeMediaPipeline: DetailReader = (detail, meta) => {
  const eventType = detail.string("eventType");
  if (!eventType.startsWith("chime:MediaPipeline")) {
    refuse("detail.eventType", "is not a Chime media pipeline event type the pipeline knows");
  }
  return {
    kind: "media-pipeline",
    ...meta,
    eventType,
    mediaPipelineId: detail.string("mediaPipelineId", uuid),
    meetingId: detail.optionalString("meetingId", uuid),
    externalMeetingId: detail.optionalString("externalMeetingId", externalId),
    mediaRegion: detail.optionalString("mediaRegion", region),
    occurredAt: detail.epochMillis("timestamp"),
  };
};

const transcribeJob: DetailReader = (detail, meta, sentAt) => ({
  kind: "transcribe-job",
  ...meta,
  eventType: meta.detailType,
  jobName: detail.string(
    "TranscriptionJobName",
    matching(TRANSCRIPTION_JOB_NAME, "must be a transcription job name"),
  ),
  status: detail.string("TranscriptionJobStatus", (value) =>
    TRANSCRIPTION_JOB_STATUSES.includes(value)
      ? null
      : `must be one of ${TRANSCRIPTION_JOB_STATUSES.join(", ")}`,
  ),
  failureReason: detail.optionalString("FailureReason"),
  occurredAt: sentAt,
});

function s3Location(detail: Fields, object: Fields) {
  return {
    bucket: detail.object("bucket").string("name", characters(1, 255)),
    key: object.string("key"),
    versionId: object.optionalString("version-id"),
  };
}

const objectCreated: DetailReader = (detail, meta, sentAt) => {
  const object = detail.object("object");
  return {
    kind: "object-created",
    ...meta,
    eventType: meta.detailType,
    ...s3Location(detail, object),
    size: object.nonNegativeInteger("size"),
    etag: object.optionalString("etag"),
    occurredAt: sentAt,
  };
};

const objectDeleted: DetailReader = (detail, meta, sentAt) => ({
  kind: "object-deleted",
  ...meta,
  eventType: meta.detailType,
  ...s3Location(detail, detail.object("object")),
  deletionType: detail.optionalString("deletion-type"),
  reason: detail.optionalString("reason"),
  occurredAt: sentAt,
});

const meetingTimedOut: DetailReader = (detail, meta) => ({
  kind: "meeting-timed-out",
  ...meta,
  eventType: meta.detailType,
  meetingId: detail.string("meetingId", uuid),
  externalMeetingId: detail.optionalString("externalMeetingId", externalId),
  startedAt: detail.isoTime("startedAt"),
  occurredAt: detail.epochMillis("timestamp"),
});

const recordingConsentGiven: DetailReader = (detail, meta) => ({
  kind: "recording-consent",
  ...meta,
  eventType: meta.detailType,
  consultId: detail.string("consultId", uuid),
  meetingId: detail.string("meetingId", uuid),
  externalMeetingId: detail.string("externalMeetingId", externalId),
  consentedAt: detail.isoTime("consentedAt"),
  occurredAt: detail.epochMillis("timestamp"),
});

/** Every (source, detail-type) the pipeline reads. A Map, so that `constructor` or `__proto__` find nothing. */
const DETAIL_READERS = new Map<string, Map<string, DetailReader>>([
  [
    "aws.chime",
    new Map([
      ["Chime Meeting State Change", chimeMeeting],
      ["Chime Media Pipeline State Change", chimeMediaPipeline],
    ]),
  ],
  ["aws.transcribe", new Map([["Transcribe Job State Change", transcribeJob]])],
  [
    "aws.s3",
    new Map([
      ["Object Created", objectCreated],
      ["Object Deleted", objectDeleted],
    ]),
  ],
  [
    MEDPIPE_SOURCE,
    new Map([
      [MEETING_TIMED_OUT, meetingTimedOut],
      [RECORDING_CONSENT_GIVEN, recordingConsentGiven],
    ]),
  ],
]);
