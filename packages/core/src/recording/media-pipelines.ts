import {
  BadRequestException,
  type ChimeSDKMediaPipelinesClient,
  CreateMediaCapturePipelineCommand,
  CreateMediaConcatenationPipelineCommand,
  DeleteMediaCapturePipelineCommand,
  NotFoundException as PipelineNotFoundException,
} from "@aws-sdk/client-chime-sdk-media-pipelines";
import {
  type ChimeSDKMeetingsClient,
  GetMeetingCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-meetings";
import { PipelineError } from "../workflow/errors.js";
import { captureRequest, concatenationRequest, mediaPipelineArn, type PipelineTarget } from "./pipelines.js";
import { type MediaPipelines, MeetingNotActiveError } from "./start.js";

/**
 * The {@link MediaPipelines} of Chime SDK media pipelines: capture and concatenation requests idempotent per
 * meeting. Chime refuses a capture with a BadRequest whatever the reason, so a refused capture asks the meetings
 * API whether the meeting still runs: an ended meeting is a {@link MeetingNotActiveError}, anything else is
 * passed on.
 *
 * @example
 * const pipelines = chimeMediaPipelines({ chime, meetings, target, media: "audio", pipelineRegion });
 */
export function chimeMediaPipelines(options: {
  chime: ChimeSDKMediaPipelinesClient;
  meetings: ChimeSDKMeetingsClient;
  target: Omit<PipelineTarget, "meetingId">;
  media: "audio" | "audio-video";
  /** The region the media pipelines are created in, which their ARNs name. */
  pipelineRegion: string;
}): MediaPipelines {
  const target = (meetingId: string) => ({ ...options.target, meetingId });
  return {
    async startCapture(meetingId) {
      try {
        const { MediaCapturePipeline } = await options.chime.send(
          new CreateMediaCapturePipelineCommand(captureRequest(target(meetingId), options.media)),
        );
        if (!MediaCapturePipeline?.MediaPipelineId)
          throw new PipelineError("no capture pipeline id", meetingId);
        return MediaCapturePipeline.MediaPipelineId;
      } catch (error) {
        if (
          error instanceof BadRequestException &&
          (await mediaRegionOf(options.meetings, meetingId)) === null
        ) {
          throw new MeetingNotActiveError(`meeting ${meetingId} is no longer running`, meetingId);
        }
        throw error;
      }
    },
    async startConcatenation(meetingId, capturePipelineId) {
      const captureArn = mediaPipelineArn(options.target, options.pipelineRegion, capturePipelineId);
      const { MediaConcatenationPipeline } = await options.chime.send(
        new CreateMediaConcatenationPipelineCommand(concatenationRequest(target(meetingId), captureArn)),
      );
      if (!MediaConcatenationPipeline?.MediaPipelineId) {
        throw new PipelineError("no concatenation pipeline id", meetingId);
      }
      return MediaConcatenationPipeline.MediaPipelineId;
    },
    mediaRegionOf: (meetingId) => mediaRegionOf(options.meetings, meetingId),
    async stopCapture(capturePipelineId) {
      try {
        await options.chime.send(
          new DeleteMediaCapturePipelineCommand({ MediaPipelineId: capturePipelineId }),
        );
      } catch (error) {
        if (!(error instanceof PipelineNotFoundException)) throw error;
      }
    },
  };
}

/** GetMeeting's media region of a running meeting; null for one Chime no longer has (it deletes ended meetings). */
async function mediaRegionOf(meetings: ChimeSDKMeetingsClient, meetingId: string): Promise<string | null> {
  try {
    const { Meeting } = await meetings.send(new GetMeetingCommand({ MeetingId: meetingId }));
    return Meeting?.MediaRegion ?? null;
  } catch (error) {
    if (error instanceof NotFoundException) return null;
    throw error;
  }
}
