import { createHash } from "node:crypto";
import type {
  MedicalTranscriptionJob,
  MedicalTranscriptionJobSummary,
  StartMedicalTranscriptionJobCommandInput,
} from "@aws-sdk/client-transcribe";
import { PipelineError } from "../workflow/errors.js";

/** Transcribe Medical reported the job FAILED (carries its FailureReason, no PHI), or every attempt failed. */
export class TranscriptionFailedError extends PipelineError {}

/** The job was still running after the workflow's bounded number of polls. */
export class TranscriptionTimedOutError extends PipelineError {}

export interface RecordingLocation {
  bucket: string;
  key: string;
  versionId: string | null;
}

/** Jobs started for one recording before the workflow gives up: a failed job is tried again this often. */
export const MAX_TRANSCRIPTION_ATTEMPTS = 3;

/**
 * What every job name of a recording version starts with: `medpipe-<meetingId>-<12 hex digits>`, to list them.
 */
export function transcriptionJobPrefix(meetingId: string, recording: RecordingLocation): string {
  const version = createHash("sha256")
    .update(`${recording.bucket}/${recording.key}?${recording.versionId ?? ""}`)
    .digest("hex")
    .slice(0, 12);
  return `medpipe-${meetingId}-${version}`;
}

/**
 * The name of a recording version's `attempt`th job. Names are per recording and attempt, so that a retried,
 * redriven or replayed step finds the job it started (and Transcribe is paid once) while a failed job is
 * followed by a new one.
 */
export function transcriptionJobName(
  meetingId: string,
  recording: RecordingLocation,
  attempt: number,
): string {
  return `${transcriptionJobPrefix(meetingId, recording)}-${attempt}`;
}

/** Where Transcribe Medical writes a meeting's transcripts in the transcripts bucket. */
export function transcriptPrefix(meetingId: string): string {
  return `medical/${meetingId}/`;
}

/** Where Transcribe Medical writes the job's transcript in the transcripts bucket. */
export function transcriptKey(meetingId: string, jobName: string): string {
  return `${transcriptPrefix(meetingId)}${jobName}.json`;
}

/**
 * The StartMedicalTranscriptionJob request for a consult recording's attempt: conversation, speaker labels,
 * output encrypted with the pipeline's customer managed key.
 */
export function medicalTranscriptionJobRequest(options: {
  meetingId: string;
  recording: RecordingLocation;
  attempt: number;
  transcriptsBucket: string;
  kmsKeyArn: string;
  specialty: "PRIMARYCARE";
}): StartMedicalTranscriptionJobCommandInput {
  const jobName = transcriptionJobName(options.meetingId, options.recording, options.attempt);
  return {
    MedicalTranscriptionJobName: jobName,
    LanguageCode: "en-US",
    MediaFormat: "mp4",
    Media: { MediaFileUri: `s3://${options.recording.bucket}/${options.recording.key}` },
    OutputBucketName: options.transcriptsBucket,
    OutputKey: transcriptKey(options.meetingId, jobName),
    OutputEncryptionKMSKeyId: options.kmsKeyArn,
    Settings: { ShowSpeakerLabels: true, MaxSpeakerLabels: 4 },
    Specialty: options.specialty,
    Type: "CONVERSATION",
  };
}

/**
 * How long to wait before the first poll: a batch job takes a fraction of the audio's length, so waiting for
 * most of that fraction up front keeps the Wait loop (three state transitions a poll) to a few rounds.
 */
export function firstPollDelaySeconds(recordingSeconds: number, pollSeconds: number): number {
  const expected = Math.round(recordingSeconds * EXPECTED_JOB_FRACTION_OF_AUDIO);
  return Math.min(MAX_FIRST_WAIT_SECONDS, Math.max(pollSeconds, expected));
}

/** A conservative share of the audio's length a Transcribe Medical batch job takes. */
const EXPECTED_JOB_FRACTION_OF_AUDIO = 0.2;
/** The longest first wait, whatever the recording's length; the execution timeout allows for it. */
export const MAX_FIRST_WAIT_SECONDS = 1_800;

/**
 * The transcription as the workflow carries it from one poll to the next (`$.job`): which job, how many polls,
 * how long to wait before the next (the Wait state reads `waitSeconds` every round), and in which attempt of the
 * execution (its redrive count) it was last seen. `waiting`: the job is not started yet, every slot of the
 * account's concurrent job quota being in use.
 */
export interface TranscriptionJob {
  jobName: string;
  status: "waiting" | "running" | "completed";
  polls: number;
  waitSeconds: number;
  redriveCount: number;
  transcript: { bucket: string; key: string } | null;
  completedAt: string | null;
}

/** What the transcription task does next, from the recording's jobs as ListMedicalTranscriptionJobs lists them. */
export type TranscriptionStep =
  | { action: "start"; attempt: number }
  | { action: "read"; jobName: string }
  | { action: "wait"; jobName: string; polls: number };

/**
 * The next step of a recording's transcription. A completed job is read; a running one polled again (at most
 * `maxPolls` times within one attempt of the execution); when none runs, the next attempt is started, unless the
 * job this execution was waiting for has just failed (the execution fails, naming the job's reason, and a
 * redrive or replay then starts the next attempt) or every attempt has failed.
 *
 * @example
 * nextTranscriptionStep({ meetingId, jobs: [], previous: null, redriveCount: 0, maxPolls: 240 }); // start 1
 */
export function nextTranscriptionStep(input: {
  meetingId: string;
  jobs: MedicalTranscriptionJobSummary[];
  previous: TranscriptionJob | null;
  redriveCount: number;
  maxPolls: number;
}): TranscriptionStep {
  const { jobs, previous, meetingId } = input;
  const completed = jobs.find((job) => job.TranscriptionJobStatus === "COMPLETED");
  if (completed?.MedicalTranscriptionJobName)
    return { action: "read", jobName: completed.MedicalTranscriptionJobName };
  const running = jobs.find(
    (j) => j.TranscriptionJobStatus === "IN_PROGRESS" || j.TranscriptionJobStatus === "QUEUED",
  );
  if (running?.MedicalTranscriptionJobName) {
    const sameRound =
      previous?.jobName === running.MedicalTranscriptionJobName &&
      previous.redriveCount === input.redriveCount;
    const polls = (sameRound ? previous.polls : 0) + 1;
    if (polls > input.maxPolls) {
      throw new TranscriptionTimedOutError(
        `transcription job ${running.MedicalTranscriptionJobName} still ${running.TranscriptionJobStatus} after ${input.maxPolls} polls`,
        meetingId,
      );
    }
    return { action: "wait", jobName: running.MedicalTranscriptionJobName, polls };
  }
  const failedNow = jobs.find((j) => j.MedicalTranscriptionJobName === previous?.jobName);
  if (failedNow && previous?.redriveCount === input.redriveCount) {
    throw new TranscriptionFailedError(
      `transcription job ${failedNow.MedicalTranscriptionJobName} failed: ${failedNow.FailureReason ?? "no reason given"}`,
      meetingId,
    );
  }
  if (jobs.length >= MAX_TRANSCRIPTION_ATTEMPTS) {
    throw new TranscriptionFailedError(
      `all ${jobs.length} transcription jobs of the recording of meeting ${meetingId} failed`,
      meetingId,
    );
  }
  return { action: "start", attempt: jobs.length + 1 };
}

/** The finished transcription of a completed job, read from GetMedicalTranscriptionJob. */
export function completedTranscription(
  job: MedicalTranscriptionJob,
  context: { meetingId: string; redriveCount: number; polls: number },
): TranscriptionJob {
  const uri = job.Transcript?.TranscriptFileUri;
  if (!uri) throw new TranscriptionFailedError("completed job has no TranscriptFileUri", context.meetingId);
  return {
    jobName: job.MedicalTranscriptionJobName ?? "",
    status: "completed",
    polls: context.polls,
    waitSeconds: 0,
    redriveCount: context.redriveCount,
    transcript: s3LocationOf(uri),
    completedAt: job.CompletionTime?.toISOString() ?? null,
  };
}

/**
 * The bucket and key of a transcript URI as Transcribe reports it: `s3://bucket/key` or the path-style
 * `https://s3.<region>.amazonaws.com/bucket/key`.
 */
export function s3LocationOf(uri: string): { bucket: string; key: string } {
  const url = new URL(uri);
  if (url.protocol === "s3:") return { bucket: url.hostname, key: decodeURIComponent(url.pathname.slice(1)) };
  const [bucket, ...key] = url.pathname.slice(1).split("/");
  if (!bucket || key.length === 0) throw new Error(`not an S3 object URI: ${url.protocol}//${url.hostname}`);
  return { bucket, key: decodeURIComponent(key.join("/")) };
}
