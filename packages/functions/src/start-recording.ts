import { CreateMediaCapturePipelineCommand } from "@aws-sdk/client-chime-sdk-media-pipelines";
import { readyToFinishRecording } from "@medpipe/core/meeting";
import { captureRequest } from "@medpipe/core/recording";
import { chime } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

interface MeetingStarted {
  event: { meetingId: string; externalMeetingId: string | null; occurredAt: string };
}

/** MeetingStarted: records the meeting and starts its capture pipeline into the recordings bucket. */
export const handler = task("start-recording", async ({ event }: MeetingStarted) => {
  const sink = useSink();
  const env = useEnvironment();
  let meeting = await sink.recordMeetingStart({
    meetingId: event.meetingId,
    externalMeetingId: event.externalMeetingId,
    startedAt: event.occurredAt,
  });
  if (meeting.capturePipelineId === null) {
    const target = { meetingId: event.meetingId, account: env.account, partition: env.partition };
    const { MediaCapturePipeline } = await chime().send(
      new CreateMediaCapturePipelineCommand(
        captureRequest({ ...target, recordingsBucket: env.buckets.recordings }, env.config.capture.media),
      ),
    );
    if (!MediaCapturePipeline?.MediaPipelineId)
      throw new Error("CreateMediaCapturePipeline returned no pipeline id");
    meeting = await sink.recordMediaPipeline({
      mediaPipelineId: MediaCapturePipeline.MediaPipelineId,
      meetingId: event.meetingId,
      kind: "capture",
    });
  }
  return { finishRecording: readyToFinishRecording(meeting), meeting };
});
