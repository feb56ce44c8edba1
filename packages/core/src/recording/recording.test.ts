import { describe, expect, it } from "vitest";
import {
  assertEncryptedWith,
  captureRequest,
  concatenationRequest,
  mediaPipelineArn,
  meetingIdOfRecording,
  RecordingNotEncryptedError,
  RecordingNotFoundError,
  RecordingUnavailableError,
  recordingHeadError,
} from "./index.js";

const target = {
  meetingId: "1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
  account: "111122223333",
  partition: "aws",
  recordingsBucket: "prod-medpipe-recordings",
};
const key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("recording", () => {
  it("captures audio only by default, into the meeting's prefix, idempotently per meeting", () => {
    const request = captureRequest(target, "audio");
    expect(request).toMatchObject({
      SourceType: "ChimeSdkMeeting",
      SourceArn: "arn:aws:chime::111122223333:meeting:1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
      SinkArn: "arn:aws:s3:::prod-medpipe-recordings/captures/1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
      ClientRequestToken: "capture-1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
    });
    expect(request.ChimeSdkMeetingConfiguration?.ArtifactsConfiguration?.Video?.State).toBe("Disabled");
    expect(
      captureRequest(target, "audio-video").ChimeSdkMeetingConfiguration?.ArtifactsConfiguration?.Video
        ?.State,
    ).toBe("Enabled");
    expect(request.ClientRequestToken?.length).toBeLessThanOrEqual(64);
  });

  it("concatenates the stopped capture's audio into the meeting's concatenated prefix", () => {
    const capture = mediaPipelineArn(target, "eu-central-1", "e40ee45e-2ed1-408e-9156-f52b8208a491");
    const request = concatenationRequest(target, capture);
    expect(request.Sources?.[0]?.MediaCapturePipelineSourceConfiguration?.MediaPipelineArn).toBe(
      "arn:aws:chime:eu-central-1:111122223333:media-pipeline/e40ee45e-2ed1-408e-9156-f52b8208a491",
    );
    expect(
      request.Sources?.[0]?.MediaCapturePipelineSourceConfiguration?.ChimeSdkMeetingConfiguration
        ?.ArtifactsConfiguration?.Audio,
    ).toEqual({
      State: "Enabled",
    });
    expect(request.Sinks?.[0]?.S3BucketSinkConfiguration?.Destination).toBe(
      "arn:aws:s3:::prod-medpipe-recordings/concatenated/1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
    );
  });

  it("knows a concatenated recording's meeting from its key, and nothing else", () => {
    expect(meetingIdOfRecording("concatenated/1E6BF4F5-F4B5-4917-B8C9-BDA45C340706/audio/2026.mp4")).toBe(
      target.meetingId,
    );
    expect(meetingIdOfRecording("captures/1e6bf4f5-f4b5-4917-b8c9-bda45c340706/audio/2026.mp4")).toBeNull();
    expect(
      meetingIdOfRecording("concatenated/1e6bf4f5-f4b5-4917-b8c9-bda45c340706/video/2026.mp4"),
    ).toBeNull();
  });

  it("accepts only SSE-KMS under the pipeline's own key", () => {
    expect(() =>
      assertEncryptedWith({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: key }, key, target.meetingId),
    ).not.toThrow();
    expect(() => assertEncryptedWith({ ServerSideEncryption: "AES256" }, key, target.meetingId)).toThrow(
      RecordingNotEncryptedError,
    );
    expect(() =>
      assertEncryptedWith({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: `${key}0` }, key, target.meetingId),
    ).toThrow(/another KMS key/);
  });

  it("reads a failed HeadObject as S3 reports it without a body: NotFound, or a status worth retrying", () => {
    const unknown = (httpStatusCode: number) =>
      Object.assign(new Error("UnknownError"), { name: "Unknown", $metadata: { httpStatusCode } });
    expect(
      recordingHeadError(Object.assign(new Error(""), { name: "NotFound" }), target.meetingId),
    ).toBeInstanceOf(RecordingNotFoundError);
    for (const status of [500, 503]) {
      expect(recordingHeadError(unknown(status), target.meetingId)).toBeInstanceOf(RecordingUnavailableError);
    }
    const forbidden = unknown(403);
    expect(recordingHeadError(forbidden, target.meetingId)).toBe(forbidden);
  });
});
