import type { MedicalTranscriptionJobSummary } from "@aws-sdk/client-transcribe";
import { describe, expect, it } from "vitest";
import {
  completedTranscription,
  firstPollDelaySeconds,
  MAX_TRANSCRIPTION_ATTEMPTS,
  medicalTranscriptionJobRequest,
  nextTranscriptionStep,
  s3LocationOf,
  TranscriptionFailedError,
  type TranscriptionJob,
  TranscriptionTimedOutError,
  transcriptionJobName,
} from "./job.js";

const meetingId = "1e6bf4f5-f4b5-4917-b8c9-bda45c340706";
const recording = { bucket: "recordings", key: `concatenated/${meetingId}/audio/a.mp4`, versionId: "v1" };
const nameOf = (attempt: number) => transcriptionJobName(meetingId, recording, attempt);
const summary = (
  attempt: number,
  status: string,
  FailureReason?: string,
): MedicalTranscriptionJobSummary => ({
  MedicalTranscriptionJobName: nameOf(attempt),
  TranscriptionJobStatus: status as MedicalTranscriptionJobSummary["TranscriptionJobStatus"],
  FailureReason,
});
const waiting = (attempt: number, polls: number, redriveCount = 0): TranscriptionJob => ({
  jobName: nameOf(attempt),
  status: "running",
  polls,
  waitSeconds: 30,
  redriveCount,
  transcript: null,
  completedAt: null,
});
const step = (jobs: MedicalTranscriptionJobSummary[], previous: TranscriptionJob | null, redriveCount = 0) =>
  nextTranscriptionStep({ meetingId, jobs, previous, redriveCount, maxPolls: 3 });

describe("medical transcription job", () => {
  it("waits for a fifth of the recording before the first poll, at least one poll interval and at most 30 minutes", () => {
    expect(firstPollDelaySeconds(30 * 60, 30)).toBe(360);
    expect(firstPollDelaySeconds(60, 30)).toBe(30);
    expect(firstPollDelaySeconds(0, 30)).toBe(30);
    expect(firstPollDelaySeconds(4 * 3600, 30)).toBe(1800);
  });

  it("is named after the recording version and the attempt, so a re-run finds the job it started", () => {
    expect(nameOf(1)).toBe(transcriptionJobName(meetingId, { ...recording }, 1));
    expect(nameOf(1)).not.toBe(nameOf(2));
    expect(nameOf(1)).not.toBe(transcriptionJobName(meetingId, { ...recording, versionId: "v2" }, 1));
    expect(nameOf(1)).toMatch(/^medpipe-[0-9a-f-]{36}-[0-9a-f]{12}-1$/);
    expect(nameOf(MAX_TRANSCRIPTION_ATTEMPTS).length).toBeLessThanOrEqual(200);
  });

  it("transcribes a conversation with speaker labels into the transcripts bucket under the customer managed key", () => {
    const request = medicalTranscriptionJobRequest({
      meetingId,
      recording,
      attempt: 2,
      transcriptsBucket: "transcripts",
      kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
      specialty: "PRIMARYCARE",
    });
    expect(request).toMatchObject({
      MedicalTranscriptionJobName: nameOf(2),
      Type: "CONVERSATION",
      Specialty: "PRIMARYCARE",
      LanguageCode: "en-US",
      Media: { MediaFileUri: `s3://recordings/${recording.key}` },
      OutputBucketName: "transcripts",
      OutputEncryptionKMSKeyId: "arn:aws:kms:eu-west-1:111122223333:key/k",
      Settings: { ShowSpeakerLabels: true },
    });
    expect(request.OutputKey).toBe(`medical/${meetingId}/${nameOf(2)}.json`);
  });

  it("starts the first job, waits while it runs, reads it once it completed", () => {
    expect(step([], null)).toEqual({ action: "start", attempt: 1 });
    expect(step([summary(1, "IN_PROGRESS")], waiting(1, 0))).toEqual({
      action: "wait",
      jobName: nameOf(1),
      polls: 1,
    });
    expect(step([summary(1, "QUEUED")], waiting(1, 1))).toEqual({
      action: "wait",
      jobName: nameOf(1),
      polls: 2,
    });
    expect(step([summary(1, "COMPLETED")], waiting(1, 2))).toEqual({ action: "read", jobName: nameOf(1) });
  });

  it("fails the execution when the job it waited for failed, naming the job's reason", () => {
    expect(() => step([summary(1, "FAILED", "Unsupported media format")], waiting(1, 2))).toThrow(
      new TranscriptionFailedError(
        `transcription job ${nameOf(1)} failed: Unsupported media format`,
        meetingId,
      ),
    );
  });

  it("starts the next attempt on a redrive or replay after a failed job, and gives up after every attempt failed", () => {
    const failed = [summary(1, "FAILED", "Internal failure")];
    expect(step(failed, waiting(1, 2, 0), 1)).toEqual({ action: "start", attempt: 2 });
    expect(step(failed, null)).toEqual({ action: "start", attempt: 2 });
    const allFailed = Array.from({ length: MAX_TRANSCRIPTION_ATTEMPTS }, (_, i) => summary(i + 1, "FAILED"));
    expect(() => step(allFailed, null)).toThrow(TranscriptionFailedError);
  });

  it("reuses a completed or running job of the recording, whoever started it", () => {
    expect(step([summary(1, "FAILED"), summary(2, "COMPLETED")], null)).toEqual({
      action: "read",
      jobName: nameOf(2),
    });
    expect(step([summary(1, "IN_PROGRESS")], null)).toEqual({ action: "wait", jobName: nameOf(1), polls: 1 });
  });

  it("gives up on a job still running after the polls of one round, and polls it afresh after a redrive", () => {
    expect(() => step([summary(1, "IN_PROGRESS")], waiting(1, 3))).toThrow(TranscriptionTimedOutError);
    expect(step([summary(1, "IN_PROGRESS")], waiting(1, 3, 0), 1)).toEqual({
      action: "wait",
      jobName: nameOf(1),
      polls: 1,
    });
  });

  it("reads a completed job's transcript location and completion time", () => {
    expect(
      completedTranscription(
        {
          MedicalTranscriptionJobName: nameOf(1),
          TranscriptionJobStatus: "COMPLETED",
          CompletionTime: new Date("2026-03-02T09:40:00Z"),
          Transcript: {
            TranscriptFileUri: "https://s3.eu-west-1.amazonaws.com/transcripts/medical/a%20b.json",
          },
        },
        { meetingId, redriveCount: 0, polls: 2 },
      ),
    ).toEqual({
      jobName: nameOf(1),
      status: "completed",
      polls: 2,
      waitSeconds: 0,
      redriveCount: 0,
      transcript: { bucket: "transcripts", key: "medical/a b.json" },
      completedAt: "2026-03-02T09:40:00.000Z",
    });
  });

  it("reads s3:// and path-style https transcript URIs", () => {
    expect(s3LocationOf("s3://transcripts/medical/x.json")).toEqual({
      bucket: "transcripts",
      key: "medical/x.json",
    });
    expect(() => s3LocationOf("https://s3.eu-west-1.amazonaws.com/")).toThrow(/not an S3 object URI/);
  });
});
