import type {
  CreateMediaCapturePipelineCommandInput,
  CreateMediaConcatenationPipelineCommandInput,
} from "@aws-sdk/client-chime-sdk-media-pipelines";
import { capturePrefix, concatenationPrefix } from "./keys.js";

export interface PipelineTarget {
  meetingId: string;
  /** The account and partition the meeting and the recordings bucket belong to. */
  account: string;
  partition: string;
  recordingsBucket: string;
}

/**
 * The request that starts a meeting's capture pipeline into the recordings bucket. The client request token is
 * derived from the meeting, so a replayed MeetingStarted cannot start a second pipeline; the bucket's default
 * SSE-KMS encryption with the customer managed key encrypts every chunk.
 */
export function captureRequest(
  target: PipelineTarget,
  media: "audio" | "audio-video",
): CreateMediaCapturePipelineCommandInput {
  return {
    SourceType: "ChimeSdkMeeting",
    SourceArn: `arn:${target.partition}:chime::${target.account}:meeting:${target.meetingId}`,
    SinkType: "S3Bucket",
    SinkArn: `arn:${target.partition}:s3:::${target.recordingsBucket}/${capturePrefix(target.meetingId)}`,
    ClientRequestToken: `capture-${target.meetingId}`,
    ChimeSdkMeetingConfiguration: {
      ArtifactsConfiguration: {
        Audio: { MuxType: "AudioOnly" },
        Video: { State: media === "audio-video" ? "Enabled" : "Disabled", MuxType: "VideoOnly" },
        Content: { State: media === "audio-video" ? "Enabled" : "Disabled", MuxType: "ContentOnly" },
      },
    },
  };
}

/** The request that concatenates a stopped capture pipeline's audio into one recording. */
export function concatenationRequest(
  target: PipelineTarget,
  capturePipelineArn: string,
): CreateMediaConcatenationPipelineCommandInput {
  const disabled = { State: "Disabled" as const };
  return {
    Sources: [
      {
        Type: "MediaCapturePipeline",
        MediaCapturePipelineSourceConfiguration: {
          MediaPipelineArn: capturePipelineArn,
          ChimeSdkMeetingConfiguration: {
            ArtifactsConfiguration: {
              Audio: { State: "Enabled" },
              Video: disabled,
              Content: disabled,
              DataChannel: disabled,
              TranscriptionMessages: disabled,
              MeetingEvents: disabled,
              CompositedVideo: disabled,
            },
          },
        },
      },
    ],
    Sinks: [
      {
        Type: "S3Bucket",
        S3BucketSinkConfiguration: {
          Destination: `arn:${target.partition}:s3:::${target.recordingsBucket}/${concatenationPrefix(target.meetingId)}`,
        },
      },
    ],
    ClientRequestToken: `concatenation-${target.meetingId}`,
  };
}

/** The ARN of a media pipeline from its id, as the concatenation source needs it. */
export function mediaPipelineArn(
  target: Pick<PipelineTarget, "account" | "partition">,
  region: string,
  id: string,
): string {
  return `arn:${target.partition}:chime:${region}:${target.account}:media-pipeline/${id}`;
}
