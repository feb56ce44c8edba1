import { describe, expect, it } from "vitest";
import { InvalidEventError } from "./errors.js";
import { MAX_EVENT_BYTES, parseEvent, parseEventOrThrow } from "./parse.js";
import {
  meetingTimedOut,
  objectCreated,
  RECORDINGS_BUCKET,
  realistic,
  referenceEvent,
  referenceEvents,
} from "./reference-events.fixture.js";
import type { EventKind, PipelineEvent } from "./types.js";

const MEETING_ID = "87654321-4321-4321-1234-111122223333";
const EVENT_ID = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";

function rejectionOf(input: unknown) {
  const result = parseEvent(input);
  if (result.ok) throw new Error(`expected a rejection, parsed a ${result.event.kind} event`);
  return result.rejection;
}

function parsed<K extends EventKind>(input: unknown, kind: K): Extract<PipelineEvent, { kind: K }> {
  const event = parseEventOrThrow(input);
  expect(event.kind).toBe(kind);
  return event as Extract<PipelineEvent, { kind: K }>;
}

function kindOf(file: string): EventKind {
  if (file.startsWith("chime-Meeting")) return "meeting";
  if (file.startsWith("chime-Attendee")) return "attendee";
  if (file.startsWith("chime-Transcription")) return "live-transcription";
  if (file.startsWith("chime-MediaPipeline")) return "media-pipeline";
  if (file.startsWith("transcribe-")) return "transcribe-job";
  if (file.startsWith("s3-ObjectCreated")) return "object-created";
  return "object-deleted";
}

describe("the AWS-documented samples (fixtures/aws-reference/events)", () => {
  const samples = referenceEvents();

  it("are all here", () => {
    expect(samples.length).toBeGreaterThanOrEqual(31);
  });

  it.each(
    samples.map((s) => [s.file, s] as const),
  )("%s as published: parsed, or refused for its placeholders", (_, s) => {
    const result = parseEvent(s.text);
    if (typeof s.json.id !== "string") {
      expect(result).toEqual({ ok: false, rejection: { field: "id", reason: "is required" } });
    } else if (s.json.id === "event ID") {
      expect(result).toEqual({ ok: false, rejection: { field: "id", reason: "must be a UUID" } });
    } else if (s.json.time === "yyyy-mm-ddThh:mm:ssZ") {
      expect(result).toEqual({
        ok: false,
        rejection: { field: "time", reason: "must be an ISO-8601 time" },
      });
    } else {
      expect(result.ok).toBe(true);
    }
  });

  it.each(samples.map((s) => [s.file, s] as const))("%s parses as a real delivery would look", (file, s) => {
    const input = realistic(s.json);
    const event = parsed(input, kindOf(file));
    expect(event.raw).toEqual(input);
    expect(event.id).toBe(input.id);
    expect(event.idempotencyKey).toBe(input.id);
    expect(event.replayName).toBeNull();
    expect(event.region).toBe("eu-central-1");
    expect(event.time).toBe("2024-03-01T10:15:30Z");
    const detail = s.json.detail as Record<string, unknown>;
    expect(event.eventType).toBe(detail.eventType ?? s.json["detail-type"]);
    if ("meetingId" in event) expect(event.meetingId).toBe(detail.meetingId);
  });
});

describe("parseEvent reads the fields the pipeline uses", () => {
  it("a Chime meeting event: ids, and occurredAt from detail.timestamp (epoch ms)", () => {
    const event = parsed(
      realistic(referenceEvent("chime-MeetingEnded.json"), { detail: { timestamp: 1627503710485 } }),
      "meeting",
    );
    expect(event).toMatchObject({
      eventType: "chime:MeetingEnded",
      meetingId: MEETING_ID,
      externalMeetingId: "mymeeting",
      mediaRegion: "us-east-1",
      occurredAt: "2021-07-28T20:21:50.485Z",
    });
  });

  it("an attendee event without externalMeetingId (Chime may leave it out)", () => {
    const event = parsed(realistic(referenceEvent("chime-AttendeeJoined.json")), "attendee");
    expect(event).toMatchObject({
      meetingId: MEETING_ID,
      externalMeetingId: null,
      attendeeId: MEETING_ID,
      externalUserId: MEETING_ID,
    });
  });

  it("a content share attendee, whose ids end in #content", () => {
    const sample = referenceEvent("chime-AttendeeContentJoined.json");
    const event = parsed(
      realistic(sample, {
        detail: { attendeeId: `${MEETING_ID}#content`, externalUserId: `${"u".repeat(64)}#content` },
      }),
      "attendee",
    );
    expect(event.attendeeId).toBe(`${MEETING_ID}#content`);
  });

  it("a media pipeline event: its pipeline id (the kind is not in the payload)", () => {
    const event = parsed(realistic(referenceEvent("chime-MediaPipelineInProgress.json")), "media-pipeline");
    expect(event).toMatchObject({
      mediaPipelineId: "e40ee45e-2ed1-408e-9156-f52b8208a491",
      meetingId: "1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
      occurredAt: "2021-07-28T20:20:49.251Z",
    });
  });

  it("a media pipeline event without a meeting id", () => {
    const sample = referenceEvent("chime-MediaPipelineDeleted.json");
    const { meetingId: _, ...detail } = sample.detail as Record<string, unknown>;
    const event = parsed({ ...sample, detail }, "media-pipeline");
    expect(event.meetingId).toBeNull();
  });

  it("an S3 object created: bucket, key, version, size, and occurredAt from the envelope time", () => {
    const event = parsed(objectCreated(RECORDINGS_BUCKET, "concatenated/m/audio/a.mp4"), "object-created");
    expect(event).toMatchObject({
      bucket: RECORDINGS_BUCKET,
      key: "concatenated/m/audio/a.mp4",
      versionId: "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
      size: 1_048_576,
      occurredAt: "2024-03-01T10:15:30.000Z",
    });
  });

  it("an S3 object on an unversioned bucket has no version id", () => {
    const sample = referenceEvent("s3-ObjectCreated.json");
    const { "version-id": _, ...object } = (sample.detail as { object: Record<string, unknown> }).object;
    const event = parsed({ ...sample, detail: { ...(sample.detail as object), object } }, "object-created");
    expect(event.versionId).toBeNull();
  });

  it("the closer's Meeting Timed Out event", () => {
    const event = parsed(meetingTimedOut(), "meeting-timed-out");
    expect(event).toMatchObject({
      source: "medpipe",
      eventType: "Meeting Timed Out",
      meetingId: "1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
      externalMeetingId: "consult-2024-0042",
      startedAt: "2024-03-01T09:00:00.000Z",
      occurredAt: "2024-03-02T10:15:30.000Z",
    });
    expect(
      parsed(meetingTimedOut({ externalMeetingId: null }), "meeting-timed-out").externalMeetingId,
    ).toBeNull();
  });

  it("the consent API's Recording Consent Given event, its fields checked like the others", () => {
    const consultId = "5c1d7f3e-2b4a-4c8e-9f10-1a2b3c4d5e6f";
    const event = {
      version: "0",
      id: EVENT_ID,
      "detail-type": "Recording Consent Given",
      source: "medpipe",
      account: "210987654321",
      time: "2024-03-01T09:12:00Z",
      region: "eu-west-1",
      resources: [],
      detail: {
        consultId,
        meetingId: MEETING_ID,
        externalMeetingId: consultId,
        consentedAt: "2024-03-01T09:11:59.120+00:00",
        timestamp: 1_709_284_320_000,
      },
    };
    expect(parsed(event, "recording-consent")).toMatchObject({
      eventType: "Recording Consent Given",
      consultId,
      meetingId: MEETING_ID,
      externalMeetingId: consultId,
      consentedAt: "2024-03-01T09:11:59.120Z",
      occurredAt: "2024-03-01T09:12:00.000Z",
    });
    expect(rejectionOf({ ...event, detail: { ...event.detail, meetingId: "m-1" } })).toEqual({
      field: "detail.meetingId",
      reason: "must be a UUID",
    });
    expect(rejectionOf({ ...event, detail: { ...event.detail, consentedAt: "yesterday" } })).toEqual({
      field: "detail.consentedAt",
      reason: "must be an ISO-8601 time",
    });
  });

  it("a replayed event: its replay name, and a new idempotency key", () => {
    const original = realistic(referenceEvent("chime-MeetingEnded.json"), { id: EVENT_ID });
    const replayed = parsed({ ...original, "replay-name": "reprocess-2024-03" }, "meeting");
    expect(replayed.replayName).toBe("reprocess-2024-03");
    expect(replayed.idempotencyKey).toBe(`${EVENT_ID}_reprocess-2024-03`);
    expect(parsed(original, "meeting").idempotencyKey).toBe(EVENT_ID);
  });

  it("accepts a JSON string, a Buffer and an object alike", () => {
    const input = realistic(referenceEvent("chime-MeetingStarted.json"));
    const fromObject = parseEventOrThrow(input);
    expect(parseEventOrThrow(JSON.stringify(input, null, 2))).toEqual(fromObject);
    expect(parseEventOrThrow(Buffer.from(JSON.stringify(input)))).toEqual(fromObject);
  });

  it("keeps times with an offset or fractional seconds, and reports them in UTC", () => {
    const sample = realistic(referenceEvent("s3-ObjectCreated.json"), {
      time: "2024-03-01T12:15:30.123456+02:00",
    });
    expect(parsed(sample, "object-created").occurredAt).toBe("2024-03-01T10:15:30.123Z");
  });
});

describe("parseEvent refuses, naming the field", () => {
  const valid = () => realistic(referenceEvent("chime-MeetingEnded.json"));
  const withDetail = (detail: Record<string, unknown>) => ({
    ...valid(),
    detail: { ...(valid().detail as object), ...detail },
  });
  const cases: [string, unknown, string, string][] = [
    ["no id", { ...valid(), id: undefined }, "id", "is required"],
    ["an id that is not a UUID", { ...valid(), id: "event ID" }, "id", "must be a UUID"],
    ["an id that is not a string", { ...valid(), id: 42 }, "id", "must be a string"],
    ["an unknown source", { ...valid(), source: "aws.ec2" }, "source", "is not a source the pipeline knows"],
    [
      "an inherited property as source",
      { ...valid(), source: "constructor" },
      "source",
      "is not a source the pipeline knows",
    ],
    [
      "an unknown detail-type",
      { ...valid(), "detail-type": "Chime VoiceConnector Streaming Status" },
      "detail-type",
      "is not a detail-type of aws.chime the pipeline knows",
    ],
    ["no detail-type", { ...valid(), "detail-type": undefined }, "detail-type", "is required"],
    ["a placeholder time", { ...valid(), time: "yyyy-mm-ddThh:mm:ssZ" }, "time", "must be an ISO-8601 time"],
    [
      "a day that does not exist",
      { ...valid(), time: "2023-02-29T10:00:00Z" },
      "time",
      "must be an ISO-8601 time",
    ],
    [
      "a time without a zone",
      { ...valid(), time: "2024-03-01T10:15:30" },
      "time",
      "must be an ISO-8601 time",
    ],
    ["a bad region", { ...valid(), region: "Europe" }, "region", "must be an AWS region"],
    ["a bad account", { ...valid(), account: "1234" }, "account", "must be a 12-digit account id"],
    ["a bad replay name", { ...valid(), "replay-name": "re play" }, "replay-name", "must be a replay name"],
    ["no detail", { ...valid(), detail: undefined }, "detail", "is required"],
    ["a detail that is not an object", { ...valid(), detail: [] }, "detail", "must be an object"],
    ["no eventType", withDetail({ eventType: undefined }), "detail.eventType", "is required"],
    [
      "an unknown Chime event type",
      withDetail({ eventType: "chime:SomethingNew" }),
      "detail.eventType",
      "is not a Chime meeting event type the pipeline knows",
    ],
    [
      "a meeting id that is not a UUID",
      withDetail({ meetingId: "mymeeting" }),
      "detail.meetingId",
      "must be a UUID",
    ],
    ["no meeting id", withDetail({ meetingId: undefined }), "detail.meetingId", "is required"],
    [
      "a one-character external meeting id",
      withDetail({ externalMeetingId: "m" }),
      "detail.externalMeetingId",
      "must be 2 to 64 characters",
    ],
    [
      "a 65-character external meeting id",
      withDetail({ externalMeetingId: "m".repeat(65) }),
      "detail.externalMeetingId",
      "must be 2 to 64 characters",
    ],
    [
      "an empty external meeting id",
      withDetail({ externalMeetingId: "" }),
      "detail.externalMeetingId",
      "must not be empty",
    ],
    [
      "a timestamp in seconds as a string",
      withDetail({ timestamp: "1627503710" }),
      "detail.timestamp",
      "must be epoch milliseconds",
    ],
    ["a negative timestamp", withDetail({ timestamp: -1 }), "detail.timestamp", "must be epoch milliseconds"],
    [
      "a fractional timestamp",
      withDetail({ timestamp: 1.5 }),
      "detail.timestamp",
      "must be epoch milliseconds",
    ],
  ];

  it.each(cases)("%s", (_, input, field, reason) => {
    expect(rejectionOf(JSON.parse(JSON.stringify(input)))).toEqual({ field, reason });
  });

  it("an attendee id that is not a UUID, and an external user id that is too long", () => {
    const joined = realistic(referenceEvent("chime-AttendeeJoined.json"));
    expect(
      rejectionOf({ ...joined, detail: { ...(joined.detail as object), attendeeId: "someone" } }),
    ).toEqual({
      field: "detail.attendeeId",
      reason: "must be a UUID (or a UUID#content)",
    });
    expect(
      rejectionOf({ ...joined, detail: { ...(joined.detail as object), externalUserId: "u".repeat(65) } }),
    ).toEqual({
      field: "detail.externalUserId",
      reason: "must be 2 to 64 characters",
    });
  });

  it("a media pipeline id that is not a UUID", () => {
    const sample = realistic(referenceEvent("chime-MediaPipelineResumed.json"));
    expect(
      rejectionOf({
        ...sample,
        detail: { ...(sample.detail as object), mediaPipelineId: "arn:aws:chime:x" },
      }),
    ).toEqual({
      field: "detail.mediaPipelineId",
      reason: "must be a UUID",
    });
  });

  it("S3 events without a key or a size", () => {
    const created = objectCreated(RECORDINGS_BUCKET, "k");
    const detail = created.detail as { object: Record<string, unknown> };
    expect(
      rejectionOf({ ...created, detail: { ...detail, object: { ...detail.object, key: undefined } } }),
    ).toEqual({
      field: "detail.object.key",
      reason: "is required",
    });
    expect(
      rejectionOf({ ...created, detail: { ...detail, object: { ...detail.object, size: "5" } } }),
    ).toEqual({
      field: "detail.object.size",
      reason: "must be a non-negative integer",
    });
    expect(rejectionOf({ ...created, detail: { ...detail, bucket: "recordings" } })).toEqual({
      field: "detail.bucket",
      reason: "must be an object",
    });
  });

  it("a Meeting Timed Out event with a bad startedAt", () => {
    expect(rejectionOf(meetingTimedOut({ startedAt: "yesterday" }))).toEqual({
      field: "detail.startedAt",
      reason: "must be an ISO-8601 time",
    });
  });

  it("input that is not a JSON object", () => {
    const notJson = { field: "(event)", reason: "is not valid JSON" };
    const notObject = { field: "(event)", reason: "must be a JSON object" };
    expect(rejectionOf("{ not json")).toEqual(notJson);
    expect(rejectionOf("")).toEqual(notJson);
    expect(rejectionOf(Buffer.from([0xff, 0xfe, 0x00]))).toEqual({
      field: "(event)",
      reason: "is not valid UTF-8",
    });
    expect(rejectionOf("[]")).toEqual(notObject);
    expect(rejectionOf("null")).toEqual(notObject);
    expect(rejectionOf(undefined)).toEqual(notObject);
    expect(rejectionOf(42)).toEqual(notObject);
    expect(rejectionOf({ big: 1n })).toEqual({ field: "(event)", reason: "is not JSON" });
  });
});

describe("parseEvent and EventBridge's 256 KB limit", () => {
  const tooLarge = { field: "(event)", reason: "is larger than EventBridge's 262144 bytes" };
  /** A valid event padded to exactly `bytes` bytes of compact UTF-8 JSON. */
  function eventOfSize(bytes: number) {
    const base = realistic(referenceEvent("chime-MeetingEnded.json"), { padding: "" });
    return { ...base, padding: "x".repeat(bytes - Buffer.byteLength(JSON.stringify(base))) };
  }

  it("accepts an event of exactly 262,144 bytes and refuses one byte more, as an object, text or Buffer", () => {
    const fits = eventOfSize(MAX_EVENT_BYTES);
    const over = eventOfSize(MAX_EVENT_BYTES + 1);
    expect(Buffer.byteLength(JSON.stringify(fits))).toBe(MAX_EVENT_BYTES);
    for (const input of [fits, JSON.stringify(fits), Buffer.from(JSON.stringify(fits))]) {
      expect(parseEvent(input).ok).toBe(true);
    }
    for (const input of [over, JSON.stringify(over), Buffer.from(JSON.stringify(over))]) {
      expect(rejectionOf(input)).toEqual(tooLarge);
    }
  });

  it("counts UTF-8 bytes, not characters", () => {
    const euros = { ...eventOfSize(1_000), padding: "€".repeat(90_000) }; // 90,000 characters, 270,000 bytes
    expect(JSON.stringify(euros).length).toBeLessThan(MAX_EVENT_BYTES);
    expect(rejectionOf(euros)).toEqual(tooLarge);
  });

  it("measures the event, not the indentation of the file it came in", () => {
    const fits = eventOfSize(MAX_EVENT_BYTES - 10_000);
    const indented = `${" ".repeat(20_000)}${JSON.stringify(fits, null, 2)}`;
    expect(Buffer.byteLength(indented)).toBeGreaterThan(MAX_EVENT_BYTES);
    expect(parseEvent(indented).ok).toBe(true);
    expect(rejectionOf(" ".repeat(8 * MAX_EVENT_BYTES + 1))).toEqual(tooLarge);
  });
});

describe("parseEventOrThrow", () => {
  it("throws an InvalidEventError naming the field and the reason, never the value", () => {
    const sample = realistic(referenceEvent("chime-MeetingEnded.json"));
    const input = { ...sample, detail: { ...(sample.detail as object), meetingId: "patient-jane-doe" } };
    let error: unknown;
    try {
      parseEventOrThrow(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({
      name: "InvalidEventError",
      field: "detail.meetingId",
      reason: "must be a UUID",
      message: "invalid event: detail.meetingId: must be a UUID",
    });
    expect((error as Error).message).not.toContain("jane");
  });
});
