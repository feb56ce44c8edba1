import { describe, expect, it } from "vitest";
import {
  firstPollDelaySeconds,
  medicalTranscriptionJobRequest,
  s3LocationOf,
  TranscriptionFailedError,
  TranscriptionTimedOutError,
  transcriptionJobName,
  transcriptionProgress,
} from "./job.js";

const meetingId = "1e6bf4f5-f4b5-4917-b8c9-bda45c340706";
const recording = { bucket: "recordings", key: `concatenated/${meetingId}/audio/a.mp4`, versionId: "v1" };

describe("medical transcription job", () => {
  it("waits for a fifth of the recording before the first poll, at least one poll interval and at most 30 minutes", () => {
    expect(firstPollDelaySeconds(30 * 60, 30)).toBe(360);
    expect(firstPollDelaySeconds(60, 30)).toBe(30);
    expect(firstPollDelaySeconds(0, 30)).toBe(30);
    expect(firstPollDelaySeconds(4 * 3600, 30)).toBe(1800);
  });

  it("is named after the recording version, so a re-run finds the job it started", () => {
    expect(transcriptionJobName(meetingId, recording)).toBe(
      transcriptionJobName(meetingId, { ...recording }),
    );
    expect(transcriptionJobName(meetingId, recording)).not.toBe(
      transcriptionJobName(meetingId, { ...recording, versionId: "v2" }),
    );
    expect(transcriptionJobName(meetingId, recording)).toMatch(/^medpipe-[0-9a-f-]{36}-[0-9a-f]{12}$/);
  });

  it("transcribes a conversation with speaker labels into the transcripts bucket under the customer managed key", () => {
    const request = medicalTranscriptionJobRequest({
      meetingId,
      recording,
      transcriptsBucket: "transcripts",
      kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
      specialty: "PRIMARYCARE",
    });
    expect(request).toMatchObject({
      Type: "CONVERSATION",
      Specialty: "PRIMARYCARE",
      LanguageCode: "en-US",
      Media: { MediaFileUri: `s3://recordings/${recording.key}` },
      OutputBucketName: "transcripts",
      OutputEncryptionKMSKeyId: "arn:aws:kms:eu-west-1:111122223333:key/k",
      Settings: { ShowSpeakerLabels: true },
    });
    expect(request.OutputKey).toBe(`medical/${meetingId}/${request.MedicalTranscriptionJobName}.json`);
  });

  it("waits while the job runs, goes on when it completed, and fails with the job's reason", () => {
    const poll = { meetingId, polls: 0, maxPolls: 3 };
    expect(transcriptionProgress({ TranscriptionJobStatus: "IN_PROGRESS" }, poll)).toEqual({
      status: "running",
      polls: 1,
    });
    expect(
      transcriptionProgress(
        {
          TranscriptionJobStatus: "COMPLETED",
          Transcript: {
            TranscriptFileUri: "https://s3.eu-west-1.amazonaws.com/transcripts/medical/a%20b.json",
          },
        },
        poll,
      ),
    ).toEqual({
      status: "completed",
      polls: 1,
      transcript: { bucket: "transcripts", key: "medical/a b.json" },
    });
    expect(() =>
      transcriptionProgress(
        { TranscriptionJobStatus: "FAILED", FailureReason: "Unsupported media format" },
        poll,
      ),
    ).toThrow(TranscriptionFailedError);
    expect(() =>
      transcriptionProgress({ TranscriptionJobStatus: "IN_PROGRESS" }, { ...poll, polls: 2 }),
    ).toThrow(TranscriptionTimedOutError);
  });

  it("reads s3:// and path-style https transcript URIs", () => {
    expect(s3LocationOf("s3://transcripts/medical/x.json")).toEqual({
      bucket: "transcripts",
      key: "medical/x.json",
    });
    expect(() => s3LocationOf("https://s3.eu-west-1.amazonaws.com/")).toThrow(/not an S3 object URI/);
  });
});
