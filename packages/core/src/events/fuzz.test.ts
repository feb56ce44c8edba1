import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chimeMediaRegions } from "../config/regions.js";
import { type EventPattern, matches } from "./match.js";
import { MAX_EVENT_BYTES, type ParseResult, parseEvent } from "./parse.js";
import { validatePattern } from "./pattern-validation.js";
import { route } from "./route.js";
import { archivePattern, rulePatterns } from "./rules.js";
import type { EventKind } from "./types.js";
import type { WorkflowName } from "./workflows.js";

/**
 * Property tests of parseEvent over well-formed events generated from the documented shapes and over malformed
 * input: nothing escapes as an exception, every result is a typed event or a typed rejection, and every
 * well-formed event parses and routes where its shape says.
 */

const RECORDINGS_BUCKET = "recordings";
const KINDS: EventKind[] = [
  "meeting",
  "attendee",
  "live-transcription",
  "media-pipeline",
  "transcribe-job",
  "object-created",
  "object-deleted",
  "meeting-timed-out",
];
const ENVELOPE_REQUIRED = ["id", "source", "detail-type", "time", "region", "account", "detail"];
/** Field names the generators set: unknown extra fields never take these names. */
const KNOWN_FIELDS = new Set([
  ...ENVELOPE_REQUIRED,
  "version",
  "resources",
  "replay-name",
  "eventType",
  "timestamp",
  "meetingId",
  "externalMeetingId",
  "attendeeId",
  "externalUserId",
  "mediaRegion",
  "mediaPipelineId",
  "transcriptionRegion",
  "message",
  "TranscriptionJobName",
  "TranscriptionJobStatus",
  "FailureReason",
  "bucket",
  "object",
  "reason",
  "deletion-type",
  "startedAt",
]);

// The documented shapes' building blocks.
const uuid = fc.uuid();
const isoTime = fc
  .tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), fc.boolean())
  .map(([ms, withMillis]) => {
    const iso = new Date(ms).toISOString();
    return withMillis ? iso : iso.replace(/\.\d{3}Z$/, "Z");
  });
const epochMillis = fc.integer({ min: 0, max: Date.UTC(2099, 11, 31) });
const region = fc.constantFrom(...chimeMediaRegions, "us-gov-west-1", "cn-north-1", "ap-southeast-4");
const account = fc.stringMatching(/^\d{12}$/);
const replayName = fc.stringMatching(/^[.\-_A-Za-z0-9]{1,64}$/);
/** Chime's 2 to 64 characters, in ASCII or anywhere in Unicode. */
const externalId = fc.oneof(
  fc.string({ minLength: 2, maxLength: 64 }),
  fc.string({ minLength: 2, maxLength: 64, unit: "binary" }),
);
const unknownFields = fc.dictionary(
  fc.string({ maxLength: 12 }).filter((key) => !KNOWN_FIELDS.has(key)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);

interface Shape {
  source: string;
  detailType: string;
  kind: EventKind;
  /** The detail's fields; any but the required ones may be missing. */
  fields: Record<string, fc.Arbitrary<unknown>>;
  /** Detail fields always present, whose absence must be refused naming `detail.<field>`. */
  required: string[];
  workflow: (detail: Record<string, unknown>) => WorkflowName | null;
}

const detailOf = (shape: Shape) => fc.record(shape.fields, { requiredKeys: shape.required });

const ATTENDEE_TYPES = [
  "Added",
  "Deleted",
  "Authorized",
  "Joined",
  "Left",
  "Dropped",
  "VideoStarted",
  "VideoStopped",
  "ContentJoined",
  "ContentLeft",
  "ContentDropped",
  "ContentVideoStarted",
  "ContentVideoStopped",
].map((type) => `chime:Attendee${type}`);
const ATTENDANCE = ["chime:AttendeeJoined", "chime:AttendeeLeft", "chime:AttendeeDropped"];
const CHIME_MEETING = { source: "aws.chime", detailType: "Chime Meeting State Change" };
const chimeCommon = {
  version: fc.constant("0"),
  timestamp: epochMillis,
  meetingId: uuid,
  externalMeetingId: externalId,
  mediaRegion: region,
};

const SHAPES: Shape[] = [
  {
    ...CHIME_MEETING,
    kind: "meeting",
    fields: { ...chimeCommon, eventType: fc.constantFrom("chime:MeetingStarted", "chime:MeetingEnded") },
    required: ["eventType", "timestamp", "meetingId"],
    workflow: () => "meeting-lifecycle",
  },
  {
    ...CHIME_MEETING,
    kind: "attendee",
    fields: {
      ...chimeCommon,
      eventType: fc.constantFrom(...ATTENDEE_TYPES),
      attendeeId: fc.oneof(
        uuid,
        uuid.map((id) => `${id}#content`),
      ),
      externalUserId: fc.oneof(
        externalId,
        externalId.map((id) => `${id}#content`),
      ),
      networkType: fc.constantFrom("Voip", "Cellular"),
    },
    required: ["eventType", "timestamp", "meetingId", "attendeeId"],
    workflow: (detail) => (ATTENDANCE.includes(detail.eventType as string) ? "attendance" : null),
  },
  {
    ...CHIME_MEETING,
    kind: "live-transcription",
    fields: {
      ...chimeCommon,
      eventType: fc.constantFrom(
        ...["Started", "Stopped", "Interrupted", "Resumed", "Failed"].map((t) => `chime:Transcription${t}`),
      ),
      message: fc.string({ minLength: 1 }),
      transcriptionRegion: region,
      transcriptionConfiguration: fc.string(),
    },
    required: ["eventType", "timestamp", "meetingId"],
    workflow: () => null,
  },
  {
    source: "aws.chime",
    detailType: "Chime Media Pipeline State Change",
    kind: "media-pipeline",
    fields: {
      ...chimeCommon,
      eventType: fc.constantFrom(
        ...["InProgress", "Deleted", "TemporaryFailure", "Resumed", "PermanentFailure"].map(
          (t) => `chime:MediaPipeline${t}`,
        ),
      ),
      mediaPipelineId: uuid,
    },
    required: ["eventType", "timestamp", "mediaPipelineId"],
    workflow: () => "media-pipeline",
  },
  {
    source: "aws.transcribe",
    detailType: "Transcribe Job State Change",
    kind: "transcribe-job",
    fields: {
      TranscriptionJobName: fc.stringMatching(/^[0-9a-zA-Z._-]{1,200}$/),
      TranscriptionJobStatus: fc.constantFrom("QUEUED", "IN_PROGRESS", "FAILED", "COMPLETED"),
      FailureReason: fc.string({ minLength: 1 }),
    },
    required: ["TranscriptionJobName", "TranscriptionJobStatus"],
    workflow: () => null,
  },
  ...(["Object Created", "Object Deleted"] as const).map(
    (detailType): Shape => ({
      source: "aws.s3",
      detailType,
      kind: detailType === "Object Created" ? "object-created" : "object-deleted",
      fields: {
        version: fc.constant("0"),
        bucket: fc.record({
          name: fc.constantFrom(RECORDINGS_BUCKET, "DOC-EXAMPLE-BUCKET1", "other.bucket"),
        }),
        object: fc.record(
          {
            key: fc.oneof(
              fc
                .tuple(
                  uuid,
                  fc.string(),
                  fc.constantFrom("audio", "video"),
                  fc.constantFrom(".mp4", ".json", ""),
                )
                .map(([meeting, name, media, ext]) => `concatenated/${meeting}/${media}/${name}${ext}`),
              fc.string({ minLength: 1, unit: "binary" }),
            ),
            size: fc.nat(),
            etag: fc.stringMatching(/^[0-9a-f]{32}$/),
            "version-id": fc.string({ minLength: 1, maxLength: 32 }),
            sequencer: fc.stringMatching(/^[0-9A-F]{16}$/),
          },
          { requiredKeys: detailType === "Object Created" ? ["key", "size"] : ["key"] },
        ),
        reason: fc.constantFrom(
          "PutObject",
          "CompleteMultipartUpload",
          "DeleteObject",
          "Lifecycle Expiration",
        ),
      },
      required: ["bucket", "object"],
      workflow: (detail) => {
        const { bucket, object } = detail as { bucket: { name: string }; object: { key: string } };
        const audio = /^concatenated\/.*\/audio\/.*\.mp4$/s.test(object.key);
        return detailType === "Object Created" && bucket.name === RECORDINGS_BUCKET && audio
          ? "transcription"
          : null;
      },
    }),
  ),
  {
    source: "medpipe",
    detailType: "Meeting Timed Out",
    kind: "meeting-timed-out",
    fields: {
      meetingId: uuid,
      externalMeetingId: fc.option(externalId),
      startedAt: isoTime,
      timestamp: epochMillis,
    },
    required: ["meetingId", "startedAt", "timestamp"],
    workflow: () => "meeting-lifecycle",
  },
];

interface WellFormed {
  event: Record<string, unknown>;
  shape: Shape;
  workflow: WorkflowName | null;
}

const wellFormed: fc.Arbitrary<WellFormed> = fc.oneof(
  ...SHAPES.map((shape) =>
    fc
      .record({
        id: uuid,
        time: isoTime,
        region,
        account,
        replayName: fc.option(replayName, { nil: undefined }),
        extras: unknownFields,
        detail: detailOf(shape),
        detailExtras: unknownFields,
      })
      .map(({ replayName, extras, detail, detailExtras, ...envelope }) => ({
        event: {
          ...extras,
          version: "0",
          ...envelope,
          source: shape.source,
          "detail-type": shape.detailType,
          resources: [],
          ...(replayName === undefined ? {} : { "replay-name": replayName }),
          detail: { ...detailExtras, ...detail },
        },
        shape,
        workflow: shape.workflow(detail),
      })),
  ),
);

type Expectation = { parses: WellFormed } | { refused: string } | null;
interface Case {
  input: unknown;
  expect: Expectation;
}

/** The same event as an object, as JSON text or as a UTF-8 Buffer. */
const encoded = (event: unknown) =>
  fc
    .constantFrom<(e: unknown) => unknown>(
      (e) => e,
      (e) => JSON.stringify(e),
      (e) => Buffer.from(JSON.stringify(e), "utf8"),
    )
    .map((encode) => encode(event));

const wellFormedCase: fc.Arbitrary<Case> = wellFormed.chain((parses) =>
  encoded(parses.event).map((input) => ({ input, expect: { parses } })),
);

/** A well-formed event with one field removed, replaced by any JSON value, or by any string. */
const mutatedCase: fc.Arbitrary<Case> = fc
  .tuple(wellFormed, fc.boolean(), fc.nat(), fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.string()))
  .map(([{ event, shape }, inDetail, pick, replacement]) => {
    const target = inDetail ? { ...(event.detail as Record<string, unknown>) } : { ...event };
    const keys = Object.keys(target);
    const key = keys[pick % keys.length] as string;
    if (replacement === undefined) delete target[key];
    else target[key] = replacement;
    const input = inDetail ? { ...event, detail: target } : target;
    const required = inDetail ? shape.required.includes(key) : ENVELOPE_REQUIRED.includes(key);
    const field = inDetail ? `detail.${key}` : key;
    return { input, expect: replacement === undefined && required ? { refused: field } : null };
  });

/** Random JSON, text, bytes and JavaScript values: anything at all may come in. */
const junkCase: fc.Arbitrary<Case> = fc
  .oneof(
    fc.jsonValue(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ unit: "binary" }),
    fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
    fc.anything({
      withBigInt: true,
      withNullPrototype: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
    }),
    fc.record({
      id: fc.string(),
      time: fc.string(),
      source: fc.string(),
      "detail-type": fc.string(),
      detail: fc.anything(),
    }),
  )
  .map((input) => ({ input, expect: null }));

/** Well-formed events padded around EventBridge's limit: refused as `(event)` exactly when over it. */
const hugeCase: fc.Arbitrary<Case> = fc
  .tuple(wellFormed, fc.integer({ min: MAX_EVENT_BYTES - 3_000, max: MAX_EVENT_BYTES + 3_000 }))
  .map(([parses, target]) => {
    const unpadded = Buffer.byteLength(JSON.stringify({ ...parses.event, padding: "" }));
    const padding = Math.max(0, target - unpadded);
    const event = { ...parses.event, padding: "x".repeat(padding) };
    const over = unpadded + padding > MAX_EVENT_BYTES;
    return { input: event, expect: over ? { refused: "(event)" } : { parses: { ...parses, event } } };
  });

function expectTyped(result: ParseResult): void {
  if (result.ok) {
    expect(KINDS).toContain(result.event.kind);
    expect(result.event.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  } else {
    expect(Object.keys(result).sort()).toEqual(["ok", "rejection"]);
    expect(typeof result.rejection.field).toBe("string");
    expect(typeof result.rejection.reason).toBe("string");
    expect(result.rejection.field.length).toBeGreaterThan(0);
    expect(result.rejection.reason.length).toBeGreaterThan(0);
    // The catch-all: if it shows, the parser threw where it should have refused.
    expect(result.rejection.reason).not.toBe("could not be read");
  }
}

describe("parseEvent under fuzzing", () => {
  it("never throws; returns a typed event or a typed rejection; parses and routes every well-formed event", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { arbitrary: wellFormedCase, weight: 10 },
          { arbitrary: mutatedCase, weight: 8 },
          { arbitrary: junkCase, weight: 8 },
          { arbitrary: hugeCase, weight: 1 },
        ),
        ({ input, expect: expected }) => {
          let result: ParseResult | undefined;
          expect(() => {
            result = parseEvent(input);
          }).not.toThrow();
          if (!result) throw new Error("no result");
          expectTyped(result);
          if (expected && "parses" in expected) {
            if (!result.ok) throw new Error(`refused ${JSON.stringify(result.rejection)}`);
            const { event, shape, workflow } = expected.parses;
            expect(result.event.kind).toBe(shape.kind);
            expect(result.event.id).toBe(event.id);
            expect(result.event.replayName).toBe(event["replay-name"] ?? null);
            expect(route(result.event, { recordingsBucket: RECORDINGS_BUCKET })).toBe(workflow);
          }
          if (expected && "refused" in expected) {
            expect(result.ok ? null : result.rejection.field).toBe(expected.refused);
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

type Leaf = string | number | boolean | null;
type Nested = Record<string, Leaf | Record<string, Leaf>>;

const fieldName = fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/);
const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const nestedEvent: fc.Arbitrary<Nested> = fc.dictionary(
  fieldName,
  fc.oneof(leaf, fc.dictionary(fieldName, leaf, { minKeys: 1, maxKeys: 4 })),
  { minKeys: 1, maxKeys: 5 },
);

function leavesOf(event: Nested): [string[], Leaf][] {
  return Object.entries(event).flatMap(([key, value]): [string[], Leaf][] =>
    value !== null && typeof value === "object"
      ? Object.entries(value).map(([inner, innerValue]) => [[key, inner], innerValue])
      : [[[key], value]],
  );
}

/** The pattern naming these leaves, nested as the event is or with dotted keys. */
function patternOf(leaves: [string[], Leaf][], dotted: boolean): EventPattern {
  const pattern: Record<string, Record<string, Leaf[]> | Leaf[]> = {};
  for (const [path, value] of leaves) {
    const [first, second] = path as [string, string | undefined];
    if (second === undefined || dotted) pattern[path.join(".")] = [value];
    else pattern[first] = { ...(pattern[first] as Record<string, Leaf[]> | undefined), [second]: [value] };
  }
  return pattern as EventPattern;
}

/** The same event with every nested object spelled as dotted keys. */
function dottedEvent(event: Nested): Record<string, Leaf> {
  return Object.fromEntries(leavesOf(event).map(([path, value]) => [path.join("."), value]));
}

describe("matches under fuzzing", () => {
  it("matches an event against a pattern of its own leaves, nested or dotted, and not once a value differs", () => {
    const cases = nestedEvent.chain((event) =>
      fc.subarray(leavesOf(event), { minLength: 1 }).map((chosen) => ({ event, chosen })),
    );
    fc.assert(
      fc.property(cases, ({ event, chosen }) => {
        const [[firstPath], ...rest] = chosen as [[string[], Leaf], ...[string[], Leaf][]];
        const changed: [string[], Leaf][] = [[firstPath, "\u0000no such value"], ...rest];
        for (const dotted of [false, true]) {
          const pattern = patternOf(chosen, dotted);
          validatePattern(pattern);
          expect(matches(pattern, event)).toBe(true);
          expect(matches(pattern, dottedEvent(event))).toBe(true);
          expect(matches(patternOf(changed, dotted), event)).toBe(false);
          expect(matches(patternOf(changed, dotted), dottedEvent(event))).toBe(false);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("answers true or false for any JSON event and every deployed pattern, never throwing", () => {
    const options = { recordingsBucket: RECORDINGS_BUCKET };
    const patterns = [...rulePatterns(options).map((rule) => rule.pattern), archivePattern(options)];
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (event) => {
        for (const pattern of patterns) expect(typeof matches(pattern, event)).toBe("boolean");
      }),
      { numRuns: 2_000 },
    );
  });
});
