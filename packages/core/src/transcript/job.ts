import { createHash } from "node:crypto";
import type {
  MedicalTranscriptionJob,
  StartMedicalTranscriptionJobCommandInput,
} from "@aws-sdk/client-transcribe";
import { PipelineError } from "../workflow/errors.js";

/** Transcribe Medical reported the job FAILED; carries its FailureReason (no PHI). */
export class TranscriptionFailedError extends PipelineError {}

/** The job was still running after the workflow's bounded number of polls. */
export class TranscriptionTimedOutError extends PipelineError {}

export interface RecordingLocation {
  bucket: string;
  key: string;
  versionId: string | null;
}

/**
 * The job's name: one job per recording version, so re-running the step for the same recording finds the
 * job it already started instead of transcribing (and paying for) the audio twice.
 */
export function transcriptionJobName(meetingId: string, recording: RecordingLocation): string {
  const version = createHash("sha256")
    .update(`${recording.bucket}/${recording.key}?${recording.versionId ?? ""}`)
    .digest("hex")
    .slice(0, 12);
  return `medpipe-${meetingId}-${version}`;
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
 * The StartMedicalTranscriptionJob request for a consult recording: conversation, speaker labels, output
 * encrypted with the pipeline's customer managed key.
 */
export function medicalTranscriptionJobRequest(options: {
  meetingId: string;
  recording: RecordingLocation;
  transcriptsBucket: string;
  kmsKeyArn: string;
  specialty: "PRIMARYCARE";
}): StartMedicalTranscriptionJobCommandInput {
  const jobName = transcriptionJobName(options.meetingId, options.recording);
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
 * most of that fraction up front keeps the Wait loop (three state transitions a poll) to one or two rounds.
 */
export function firstPollDelaySeconds(recordingSeconds: number, pollSeconds: number): number {
  const expected = Math.round(recordingSeconds * EXPECTED_JOB_FRACTION_OF_AUDIO);
  return Math.min(MAX_FIRST_WAIT_SECONDS, Math.max(pollSeconds, expected));
}

/** A conservative share of the audio's length a Transcribe Medical batch job takes. */
const EXPECTED_JOB_FRACTION_OF_AUDIO = 0.2;
/** The longest first wait, whatever the recording's length; the execution timeout allows for it. */
export const MAX_FIRST_WAIT_SECONDS = 1_800;

export type TranscriptionProgress =
  | { status: "running"; polls: number }
  | { status: "completed"; polls: number; transcript: { bucket: string; key: string } };

/**
 * What the workflow does after a poll of GetMedicalTranscriptionJob: wait again, go on with the transcript,
 * or fail with the job's reason once it failed or the polls ran out.
 */
export function transcriptionProgress(
  job: MedicalTranscriptionJob,
  poll: { meetingId: string; polls: number; maxPolls: number },
): TranscriptionProgress {
  const polls = poll.polls + 1;
  const status = job.TranscriptionJobStatus;
  if (status === "FAILED") {
    throw new TranscriptionFailedError(
      `transcription job ${job.MedicalTranscriptionJobName} failed: ${job.FailureReason ?? "no reason given"}`,
      poll.meetingId,
    );
  }
  if (status === "COMPLETED") {
    const uri = job.Transcript?.TranscriptFileUri;
    if (!uri) throw new TranscriptionFailedError("completed job has no TranscriptFileUri", poll.meetingId);
    return { status: "completed", polls, transcript: s3LocationOf(uri) };
  }
  if (polls >= poll.maxPolls) {
    throw new TranscriptionTimedOutError(
      `transcription job ${job.MedicalTranscriptionJobName} still ${status} after ${polls} polls`,
      poll.meetingId,
    );
  }
  return { status: "running", polls };
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
