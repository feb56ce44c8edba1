import type { EntitiesDocument } from "../entities/document.js";

export type WorkflowRunStatus = "running" | "succeeded" | "failed";
/** Whether a workflow execution got to run its event, or another execution already ran it (or is running it). */
export type RunDecision = "claimed" | "duplicate";
export type MediaPipelineKind = "capture" | "concatenation";

/** A workflow execution's claim on one event, keyed by the event's idempotency key. */
export interface RunClaim {
  idempotencyKey: string;
  eventId: string;
  workflow: string;
  meetingId: string | null;
  replayName: string | null;
  execution: string;
}

/** Which execution holds a run: only the holder may finish it. */
export interface RunHolder {
  idempotencyKey: string;
  execution: string;
}

export type RunOutcome =
  /** `note` says why a run that succeeded did nothing (a meeting not recorded, and why). */
  | { status: "succeeded"; note?: string }
  | { status: "failed"; step: string | null; error: string; cause: string | null };

/** How an execution ended without success, as the failure recorder reports it. */
export interface RunFailure {
  status: "failed" | "timed-out" | "aborted";
  step: string | null;
  error: string;
  cause: string | null;
}

/** A write that claims its workflow run first: a duplicate writes nothing. */
export type Claimed<Result> = ({ decision: "claimed" } & Result) | { decision: "duplicate" };

/** What the pipeline knows of a meeting after a write; lets a workflow decide its next step. */
export interface MeetingState {
  meetingId: string;
  externalMeetingId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  capturePipelineId: string | null;
  concatenationPipelineId: string | null;
  legalHold: boolean;
}

export interface StoredObject {
  bucket: string;
  key: string;
  versionId: string | null;
}

export interface RecordingRow extends StoredObject {
  meetingId: string;
  kmsKeyId: string;
  retainUntil: string;
}

export interface TranscriptIngest {
  idempotencyKey: string;
  /** The workflow run this ingest ends: its success is recorded with the rows. */
  finishesRun: RunHolder;
  /** The transcript file Transcribe wrote, and its retain-until date. */
  transcript: StoredObject & { retainUntil: string };
  /** Where the entities document is stored: the source of truth a replay re-posts from. */
  entitiesObject: StoredObject & { retainUntil: string };
  /** The document itself; a later `completedAt` for the same meeting replaces an earlier transcript. */
  document: EntitiesDocument;
  completedAt: string;
}

export interface SweepReport {
  meetings: number;
  mediaPipelines: number;
  attendance: number;
  recordings: number;
  transcripts: number;
  turns: number;
  entities: number;
  runs: number;
  heldMeetingsKept: number;
}

/**
 * Where the pipeline's results land (the clinic's Supabase). Every write is idempotent: the same call twice
 * leaves the same rows.
 */
export interface Sink {
  /**
   * "duplicate" when the key already has a succeeded run or one running in another execution; a failed run may
   * be claimed again, and an execution's own running run is still its own (a retried step keeps its claim).
   */
  claimRun(claim: RunClaim): Promise<RunDecision>;
  /** Records how the run ended, if `holder` still holds it. */
  finishRun(holder: RunHolder, outcome: RunOutcome): Promise<void>;
  /**
   * Records an execution's failure: claims the run first if nothing did (an event too broken to be claimed is
   * still listed), and changes nothing when the run succeeded or another execution holds it.
   */
  recordRunFailure(claim: RunClaim, failure: RunFailure): Promise<void>;

  /** Claims the run and records the start, in one transaction. */
  recordMeetingStart(
    run: RunClaim,
    start: { meetingId: string; externalMeetingId: string | null; startedAt: string },
  ): Promise<Claimed<{ meeting: MeetingState }>>;
  /** Claims the run and records the end, in one transaction. */
  recordMeetingEnd(
    run: RunClaim,
    end: {
      meetingId: string;
      externalMeetingId: string | null;
      endedAt: string;
      reason: "ended" | "timed-out";
    },
  ): Promise<Claimed<{ meeting: MeetingState }>>;
  /**
   * Remembers which pipeline id is the meeting's capture or concatenation pipeline; with `finishesRun` (the run's
   * holder), records that run's success in the same transaction.
   */
  recordMediaPipeline(
    pipeline: { mediaPipelineId: string; meetingId: string; kind: MediaPipelineKind },
    finishesRun?: RunHolder,
  ): Promise<MeetingState>;
  /**
   * Claims the run, records a pipeline's newer status and the run's success, in one transaction; a duplicate
   * records nothing. `pipeline` is null for a pipeline never recorded (not a consult's, or not recorded yet).
   */
  recordMediaPipelineStatus(
    run: RunClaim,
    change: { mediaPipelineId: string; meetingId: string | null; status: string; at: string },
  ): Promise<{ decision: RunDecision; pipeline: { meetingId: string; kind: MediaPipelineKind } | null }>;
  findMeeting(meetingId: string): Promise<MeetingState | null>;
  /** Meetings started before `startedBefore` that never ended. */
  findOpenMeetings(startedBefore: string): Promise<MeetingState[]>;

  /** Claims the run, records the attendance and the run's success, in one transaction; a duplicate records nothing. */
  recordAttendance(
    run: RunClaim,
    attendance: {
      meetingId: string;
      attendeeId: string;
      externalUserId: string | null;
      event: "joined" | "left" | "dropped";
      occurredAt: string;
    },
  ): Promise<RunDecision>;

  /** Claims the run and records the recording, in one transaction. */
  recordRecording(run: RunClaim, recording: RecordingRow): Promise<RunDecision>;
  ingestTranscript(
    ingest: TranscriptIngest,
  ): Promise<{ transcriptId: string; turns: number; entities: number }>;

  placeLegalHold(meetingId: string, reason: string): Promise<void>;
  releaseLegalHold(meetingId: string): Promise<void>;
  /** Every S3 object recorded for the meeting (recordings, transcript, entities document): what a legal hold covers. */
  listMeetingObjects(meetingId: string): Promise<StoredObject[]>;
  /** Deletes rows of meetings older than the retention period at `now`, except those under legal hold. */
  sweepExpired(now: Date): Promise<SweepReport>;
}
