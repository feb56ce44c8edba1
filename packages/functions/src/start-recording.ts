import { CreateMediaCapturePipelineCommand } from "@aws-sdk/client-chime-sdk-media-pipelines";
import { nextLifecycleStep } from "@medpipe/core/meeting";
import { captureRequest } from "@medpipe/core/recording";
import { claimedEvent, type WorkflowRun } from "@medpipe/core/workflow";
import { chime } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * MeetingStarted: claims the run with the meeting's start and starts its capture pipeline into the recordings
 * bucket. A duplicate delivery stops at the claim.
 */
export const handler = task("start-recording", async ({ run }: { run: WorkflowRun }) => {
  const env = useEnvironment();
  const { event, claim } = claimedEvent(run, env.config);
  if (event.kind !== "meeting" || event.eventType !== "chime:MeetingStarted")
    throw new Error(`cannot start a recording on ${event.eventType}`);
  const sink = useSink();
  const start = await sink.recordMeetingStart(claim, {
    meetingId: event.meetingId,
    externalMeetingId: event.externalMeetingId,
    startedAt: event.occurredAt,
  });
  if (start.decision === "duplicate") return start;
  let meeting = start.meeting;
  if (meeting.capturePipelineId === null) {
    const target = { meetingId: event.meetingId, account: env.account, partition: env.partition };
    const { MediaCapturePipeline } = await chime().send(
      new CreateMediaCapturePipelineCommand(
        captureRequest({ ...target, recordingsBucket: env.buckets.recordings }, env.config.capture.media),
      ),
    );
    if (!MediaCapturePipeline?.MediaPipelineId)
      throw new Error("CreateMediaCapturePipeline returned no pipeline id");
    ({ meeting } = await sink.recordMediaPipeline({
      mediaPipelineId: MediaCapturePipeline.MediaPipelineId,
      meetingId: event.meetingId,
      kind: "capture",
    }));
  }
  return nextLifecycleStep(sink, claim, meeting);
});
