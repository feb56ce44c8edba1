/** Test fixtures: realistic pipeline events of one meeting, built by hand. Used by tests only. */

export const MEETING_ID = "16ca8b41-0ca0-4234-9645-68ed5e4c0a5f";
export const OTHER_MEETING_ID = "0b0cd7a4-96b1-4c52-9d46-a1a3f3e0a8f1";
export const RECORDINGS_BUCKET = "recordings";

/** A Chime meeting or attendee event. */
export function chimeEvent(options: {
  id: string;
  eventType: string;
  time: string;
  meetingId?: string;
  attendeeId?: string;
}): Record<string, unknown> {
  return {
    version: "0",
    id: options.id,
    "detail-type": "Chime Meeting State Change",
    source: "aws.chime",
    account: "111122223333",
    time: options.time,
    region: "eu-central-1",
    resources: [],
    detail: {
      version: "0",
      eventType: options.eventType,
      timestamp: Date.parse(options.time),
      meetingId: options.meetingId ?? MEETING_ID,
      externalMeetingId: "appointment-2026-0412",
      ...(options.attendeeId ? { attendeeId: options.attendeeId, externalUserId: "clinician-7" } : {}),
    },
  };
}

/** The S3 Object Created event of a meeting's concatenated audio. */
export function concatenatedAudio(options: { id: string; time: string; meetingId?: string }) {
  return {
    version: "0",
    id: options.id,
    "detail-type": "Object Created",
    source: "aws.s3",
    account: "111122223333",
    time: options.time,
    region: "eu-west-1",
    resources: [`arn:aws:s3:::${RECORDINGS_BUCKET}`],
    detail: {
      version: "0",
      bucket: { name: RECORDINGS_BUCKET },
      object: { key: `concatenated/${options.meetingId ?? MEETING_ID}/audio/a.mp4`, size: 51, etag: "e" },
      reason: "PutObject",
    },
  };
}

export const started = chimeEvent({
  id: "d348a04f-7e99-47f8-97e6-c780b92b0809",
  eventType: "chime:MeetingStarted",
  time: "2026-04-12T09:00:00Z",
});
export const joined = chimeEvent({
  id: "d6c739e1-e94a-46b4-bdd9-d3d9afd3f741",
  eventType: "chime:AttendeeJoined",
  time: "2026-04-12T09:00:05Z",
  attendeeId: "df9ff54d-3a7b-4cf9-93e7-aff65f0191fc",
});
export const ended = chimeEvent({
  id: "e250cb72-8339-4e7b-9149-828600543f31",
  eventType: "chime:MeetingEnded",
  time: "2026-04-12T09:06:00Z",
});
export const audio = concatenatedAudio({
  id: "9fca4ca2-6b9f-4519-9abf-fda0c5a5ce72",
  time: "2026-04-12T09:07:00Z",
});
export const otherMeetingStarted = chimeEvent({
  id: "5c2f1e8a-3b4d-4e6f-8a9b-0c1d2e3f4a5b",
  eventType: "chime:MeetingStarted",
  time: "2026-04-12T09:01:00Z",
  meetingId: OTHER_MEETING_ID,
});
