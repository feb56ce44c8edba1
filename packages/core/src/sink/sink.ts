import type { EntitiesDocument } from "../entities/document.js";
import type {
  MediaPipelineNotRecordedError,
  MeetingSweptError,
  SinkError,
  SinkUnavailableError,
} from "./sink-error.js";

/** How an execution that did not succeed ended, as Step Functions reports it (FAILED, TIMED_OUT, ABORTED). */
export type RunFailureStatus = "failed" | "timed-out" | "aborted";
export type WorkflowRunStatus = "running" | "succeeded" | RunFailureStatus;
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
  /**
   * How long the claim may stay running after its last claim before another execution may take it over (as a new
   * attempt): the workflow's timeout and a margin, by which its execution has surely ended.
   */
  staleAfterSeconds: number;
}

/** A run and the execution that claims to hold it: only the holder records the run's success. */
export type RunHolder = Pick<RunClaim, "idempotencyKey" | "execution">;

/** A run's success; `note` says why a run that succeeded did nothing (a meeting not recorded, and why). */
export type RunOutcome = { status: "succeeded"; note?: string };

/** How an execution failed: the state it failed in (when known), the error's name and a message free of content. */
export interface RunFailure {
  status: RunFailureStatus;
  step: string | null;
  error: string;
  cause: string | null;
}

/**
 * What recording a failure did: "updated" the run that execution held, "inserted" a failed run for an event never
 * claimed, or left the run "unchanged" (it succeeded, or another execution holds it).
 */
export type RunFailureRecord = "updated" | "inserted" | "unchanged";

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
  /** The workflow run this ingest ends: its success is recorded with the rows, if that execution holds it. */
  finishesRun: RunHolder;
  /** The transcript file Transcribe wrote, and the retain-until date S3 enforces on it. */
  transcript: StoredObject & { retainUntil: string };
  /**
   * Where the entities document is stored (the source of truth a replay re-posts from), and the retain-until date
   * S3 enforces on it.
   */
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
  /** The swept meetings' runs. */
  runs: number;
  /** Runs of no recorded meeting (refused, or never about one) past the retention period. */
  runsWithoutMeeting: number;
  /** Meetings past their period kept under legal hold. */
  heldMeetingsKept: number;
  /** Meetings past their period kept because S3 still locks an object of theirs. */
  meetingsKeptForObjects: number;
  /** Chat messages past the period, of consults none of whose meetings is under legal hold. */
  chatMessages: number;
}

/**
 * Where the pipeline's results land (the clinic's Supabase). Every write is idempotent: the same call twice
 * leaves the same rows. A write about a meeting the retention sweeper deleted fails with a
 * {@link MeetingSweptError}; a transient failure is a {@link SinkUnavailableError}, any other a {@link SinkError}.
 */
export interface Sink {
  /**
   * "duplicate" when the key already has a succeeded run or one running in another execution; a run that ended
   * without success (failed, timed out, aborted) may be claimed again, an execution's own running run is still its
   * own (a retried step keeps its claim), and one running past `staleAfterSeconds` is taken over.
   */
  claimRun(claim: RunClaim): Promise<RunDecision>;
  /** Records the run's success if `run.execution` holds it (a no-op otherwise), and says whether it did. */
  finishRun(run: RunHolder, outcome: RunOutcome): Promise<{ finished: boolean }>;
  /**
   * Records how an execution ended that did not succeed: on the run it holds, or as a failed run when the event was
   * never claimed. A succeeded run, or one another execution holds, is left as it is. Never creates the meeting.
   */
  recordRunFailure(claim: RunClaim, failure: RunFailure): Promise<RunFailureRecord>;

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
   * Remembers which pipeline id is the meeting's capture or concatenation pipeline; with `finishesRun`, records
   * that run's success in the same transaction if that execution holds it (`finishedRun`).
   */
  recordMediaPipeline(
    pipeline: { mediaPipelineId: string; meetingId: string; kind: MediaPipelineKind },
    finishesRun?: RunHolder,
  ): Promise<{ meeting: MeetingState; finishedRun: boolean }>;
  /**
   * Claims the run, records a pipeline's newer status and the run's success, in one transaction; a duplicate
   * records nothing. A `PermanentFailure` leaves the run to the failure of its execution. A pipeline not recorded yet of a recorded meeting (`meetingId`, the event's) is refused
   * before the claim with a {@link MediaPipelineNotRecordedError}, to be retried; `pipeline` is null for one of no
   * recorded meeting (another application's), whose run succeeds recording nothing.
   */
  recordMediaPipelineStatus(
    run: RunClaim,
    change: { mediaPipelineId: string; meetingId: string | null; status: string; at: string },
  ): Promise<{ decision: RunDecision; pipeline: { meetingId: string; kind: MediaPipelineKind } | null }>;
  findMeeting(meetingId: string): Promise<MeetingState | null>;
  /** Meetings started before `startedBefore` that never ended. */
  findOpenMeetings(startedBefore: string): Promise<MeetingState[]>;
  /**
   * Recorded meetings (a concatenation pipeline started) that ended in the window, from included to excluded, and
   * have no transcript with its entities yet: how many, and their ids (at most the sink's page of rows).
   */
  findMeetingsMissingEntities(window: {
    endedAfter: string;
    endedBefore: string;
  }): Promise<{ count: number; meetingIds: string[] }>;

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
  /** Writes the transcript, its turns and entities, and ends `ingest.finishesRun` if that execution holds it. */
  ingestTranscript(
    ingest: TranscriptIngest,
  ): Promise<{ transcriptId: string; turns: number; entities: number; finishedRun: boolean }>;

  placeLegalHold(meetingId: string, reason: string): Promise<void>;
  releaseLegalHold(meetingId: string): Promise<void>;
  /** Every S3 object recorded for the meeting (recordings, transcript, entities document): what a legal hold covers. */
  listMeetingObjects(meetingId: string): Promise<StoredObject[]>;
  /**
   * Deletes, at `now`, the rows of every meeting past its retention period that holds no object S3 still locks
   * and is not under legal hold, remembering it so that no later write brings it back; and the runs of no recorded
   * meeting past the period.
   */
  sweepExpired(now: Date): Promise<SweepReport>;
}
