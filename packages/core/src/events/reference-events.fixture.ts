/**
 * Test fixtures: the AWS-documented sample events in `fixtures/aws-reference/events/` (see its README for their
 * sources), and realistic variants of them. Used by tests only.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { WorkflowName } from "./workflows.js";

export const REFERENCE_EVENTS_DIR = fileURLToPath(
  new URL("../../../../fixtures/aws-reference/events/", import.meta.url),
);

export const RECORDINGS_BUCKET = "medpipe-test-recordings";

export interface ReferenceEvent {
  file: string;
  text: string;
  json: Record<string, unknown>;
}

/** Every documented sample, as text and parsed. */
export function referenceEvents(): ReferenceEvent[] {
  return readdirSync(REFERENCE_EVENTS_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const text = readFileSync(`${REFERENCE_EVENTS_DIR}${file}`, "utf8");
      return { file, text, json: JSON.parse(text) as Record<string, unknown> };
    });
}

/** One documented sample by file name. */
export function referenceEvent(file: string): Record<string, unknown> {
  const found = referenceEvents().find((event) => event.file === file);
  if (!found) throw new Error(`no reference event ${file}`);
  return found.json;
}

/**
 * A documented sample as a real delivery would look: a fresh id, a real time, another region and account, and
 * fields the docs do not show, in the envelope and in the detail.
 */
export function realistic(
  sample: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...sample,
    id: randomUUID(),
    time: "2024-03-01T10:15:30Z",
    region: "eu-central-1",
    account: "210987654321",
    "x-unknown-envelope-field": { nested: [1, "two", null] },
    ...overrides,
    detail: { ...(sample.detail as object), futureField: true, ...(overrides.detail as object | undefined) },
  };
}

/** An S3 Object Created event for `key` in `bucket`. */
export function objectCreated(bucket: string, key: string): Record<string, unknown> {
  const sample = referenceEvent("s3-ObjectCreated.json");
  const detail = sample.detail as { object: object };
  return realistic(sample, {
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { bucket: { name: bucket }, object: { ...detail.object, key, size: 1_048_576 } },
  });
}

/** The closer's Meeting Timed Out event, as EventBridge delivers it after PutEvents. */
export function meetingTimedOut(detail: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Meeting Timed Out",
    source: "medpipe",
    account: "210987654321",
    time: "2024-03-02T10:15:30Z",
    region: "eu-west-1",
    resources: [],
    detail: {
      meetingId: "1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
      externalMeetingId: "consult-2024-0042",
      startedAt: "2024-03-01T09:00:00.000Z",
      timestamp: 1709374530000,
      ...detail,
    },
  };
}

/** The consent API's Recording Consent Given event, as EventBridge delivers it after PutEvents. */
export function recordingConsentGiven(): Record<string, unknown> {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Recording Consent Given",
    source: "medpipe",
    account: "210987654321",
    time: "2024-03-01T09:05:00Z",
    region: "eu-west-1",
    resources: [],
    detail: {
      consultId: "7d3f0b8e-2a4c-4e1b-9f6a-5c8d2e1b0a39",
      meetingId: "1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
      externalMeetingId: "7d3f0b8e-2a4c-4e1b-9f6a-5c8d2e1b0a39",
      consentedAt: "2024-03-01T09:04:59.512Z",
      timestamp: 1709283900000,
    },
  };
}

const CONCATENATED = "concatenated/1e6bf4f5-f4b5-4917-b8c9-bda45c340706";

/**
 * Every kind of event the bus carries, realistic, with the workflow each must start (`null`: deliberately
 * ignored): all documented samples, plus the S3 keys and buckets that decide the transcription rule.
 */
export function routingSamples(): {
  name: string;
  event: Record<string, unknown>;
  workflow: WorkflowName | null;
}[] {
  const byType: Record<string, WorkflowName> = {
    "chime:MeetingStarted": "meeting-lifecycle",
    "chime:MeetingEnded": "meeting-lifecycle",
    "chime:AttendeeJoined": "attendance",
    "chime:AttendeeLeft": "attendance",
    "chime:AttendeeDropped": "attendance",
  };
  const documented = referenceEvents().map(({ file, json }) => {
    const eventType = (json.detail as { eventType?: string }).eventType ?? "";
    const workflow = eventType.startsWith("chime:MediaPipeline")
      ? "media-pipeline"
      : (byType[eventType] ?? null);
    return { name: file, event: realistic(json), workflow };
  });
  return [
    ...documented,
    { name: "Meeting Timed Out", event: meetingTimedOut(), workflow: "meeting-lifecycle" },
    { name: "Recording Consent Given", event: recordingConsentGiven(), workflow: "meeting-lifecycle" },
    {
      name: "concatenated audio in the recordings bucket",
      event: objectCreated(RECORDINGS_BUCKET, `${CONCATENATED}/audio/2024-03-01T10-15-30.mp4`),
      workflow: "transcription",
    },
    {
      name: "concatenated audio in another bucket",
      event: objectCreated("someone-elses-bucket", `${CONCATENATED}/audio/2024-03-01T10-15-30.mp4`),
      workflow: null,
    },
    {
      name: "concatenated video in the recordings bucket",
      event: objectCreated(RECORDINGS_BUCKET, `${CONCATENATED}/video/2024-03-01T10-15-30.mp4`),
      workflow: null,
    },
    {
      name: "a capture chunk in the recordings bucket",
      event: objectCreated(
        RECORDINGS_BUCKET,
        "captures/1e6bf4f5-f4b5-4917-b8c9-bda45c340706/audio/2024-03-01-10-15-30-123.mp4",
      ),
      workflow: null,
    },
    {
      name: "a concatenated audio manifest, not an .mp4",
      event: objectCreated(RECORDINGS_BUCKET, `${CONCATENATED}/audio/manifest.json`),
      workflow: null,
    },
    {
      name: "concatenated audio deleted from the recordings bucket",
      event: realistic(referenceEvent("s3-ObjectDeleted.json"), {
        detail: {
          bucket: { name: RECORDINGS_BUCKET },
          object: { key: `${CONCATENATED}/audio/2024-03-01T10-15-30.mp4`, sequencer: "617f0837b476e463" },
        },
      }),
      workflow: null,
    },
    {
      name: "a transcript in the recordings bucket",
      event: objectCreated(RECORDINGS_BUCKET, "transcripts/1e6bf4f5-f4b5-4917-b8c9-bda45c340706.json"),
      workflow: null,
    },
  ];
}
