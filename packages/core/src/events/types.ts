/** An EventBridge event as it arrives (JSON), unknown fields included. */
export interface EventEnvelope {
  version?: string;
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources?: string[];
  detail: Record<string, unknown>;
  /** Present only on events an EventBridge replay re-delivered. */
  "replay-name"?: string;
  [field: string]: unknown;
}

/** What every parsed event carries, whatever its kind. */
export interface EventMeta {
  id: string;
  source: string;
  detailType: string;
  /** The envelope's `time`, as sent (ISO-8601). */
  time: string;
  region: string;
  account: string;
  replayName: string | null;
  /** See {@link idempotencyKey}: the id, or a new key per replay. */
  idempotencyKey: string;
  /** Chime's `detail.eventType` (`chime:MeetingEnded`); for other sources, the `detail-type` (`Object Created`). */
  eventType: string;
  /** The event exactly as received, for workflows that pass the original event on. */
  raw: EventEnvelope;
}

/** `chime:MeetingStarted`, `chime:MeetingEnded` (and any other `chime:Meeting*`). */
export interface MeetingEvent extends EventMeta {
  kind: "meeting";
  meetingId: string;
  externalMeetingId: string | null;
  mediaRegion: string | null;
  /** `detail.timestamp` as ISO-8601. */
  occurredAt: string;
}

/** `chime:Attendee*`: joined, left, dropped, and the ones the pipeline ignores (added, video, content...). */
export interface AttendeeEvent extends EventMeta {
  kind: "attendee";
  meetingId: string;
  /** Attendee events may lack it. */
  externalMeetingId: string | null;
  /** A UUID, or `<uuid>#content` for a content share. */
  attendeeId: string;
  externalUserId: string | null;
  mediaRegion: string | null;
  occurredAt: string;
}

/** `chime:Transcription*`: Chime's live transcription (not used by the pipeline, which transcribes in batch). */
export interface LiveTranscriptionEvent extends EventMeta {
  kind: "live-transcription";
  meetingId: string;
  externalMeetingId: string | null;
  mediaRegion: string | null;
  transcriptionRegion: string | null;
  /** Why it failed or was interrupted. */
  message: string | null;
  occurredAt: string;
}

/**
 * `chime:MediaPipeline*` for capture and concatenation pipelines alike: the payload does not say which, so the
 * workflow looks the id up.
 */
export interface MediaPipelineEvent extends EventMeta {
  kind: "media-pipeline";
  mediaPipelineId: string;
  meetingId: string | null;
  externalMeetingId: string | null;
  mediaRegion: string | null;
  occurredAt: string;
}

/** Transcribe Job State Change (documented for StartTranscriptionJob only; the pipeline polls instead). */
export interface TranscribeJobEvent extends EventMeta {
  kind: "transcribe-job";
  jobName: string;
  status: string;
  failureReason: string | null;
  /** The envelope `time` as ISO-8601. */
  occurredAt: string;
}

/** S3 Object Created, through the bucket's EventBridge notifications. */
export interface ObjectCreatedEvent extends EventMeta {
  kind: "object-created";
  bucket: string;
  /** The object key as S3 puts it in the event. */
  key: string;
  versionId: string | null;
  size: number;
  etag: string | null;
  occurredAt: string;
}

/** S3 Object Deleted (a deletion or a lifecycle expiration). */
export interface ObjectDeletedEvent extends EventMeta {
  kind: "object-deleted";
  bucket: string;
  key: string;
  versionId: string | null;
  deletionType: string | null;
  reason: string | null;
  occurredAt: string;
}

/** The pipeline's own event for a meeting whose MeetingEnded never came. */
export interface MeetingTimedOutEvent extends EventMeta {
  kind: "meeting-timed-out";
  meetingId: string;
  externalMeetingId: string | null;
  startedAt: string;
  /** When the closer timed it out (`detail.timestamp` as ISO-8601). */
  occurredAt: string;
}

/** The consent API's event: the patient of a consult consented while its meeting was live. */
export interface RecordingConsentEvent extends EventMeta {
  kind: "recording-consent";
  consultId: string;
  meetingId: string;
  /** The consult id, as the meeting's ExternalMeetingId. */
  externalMeetingId: string;
  consentedAt: string;
  /** When the API put the event (`detail.timestamp` as ISO-8601). */
  occurredAt: string;
}

export type PipelineEvent =
  | MeetingEvent
  | AttendeeEvent
  | LiveTranscriptionEvent
  | MediaPipelineEvent
  | TranscribeJobEvent
  | ObjectCreatedEvent
  | ObjectDeletedEvent
  | MeetingTimedOutEvent
  | RecordingConsentEvent;

export type EventKind = PipelineEvent["kind"];
