import { startRecording } from "@medpipe/core/recording";
import { claimedEvent, PipelineError, type WorkflowRun } from "@medpipe/core/workflow";
import { useEnvironment } from "./runtime/environment.js";
import { useMediaPipelines } from "./runtime/media-pipelines.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * MeetingStarted: claims the run with the meeting's start and starts its recording (capture, then the
 * concatenation Chime holds until the capture stops). A duplicate delivery stops at the claim.
 */
export const handler = task("start-recording", async ({ run }: { run: WorkflowRun }) => {
  const { event, claim } = claimedEvent(run, useEnvironment().config);
  if (event.kind !== "meeting" || event.eventType !== "chime:MeetingStarted") {
    throw new PipelineError(`start-recording cannot handle ${event.eventType}`, null);
  }
  const sink = useSink();
  const start = await sink.recordMeetingStart(claim, {
    meetingId: event.meetingId,
    externalMeetingId: event.externalMeetingId,
    startedAt: event.occurredAt,
  });
  if (start.decision === "duplicate") return start;
  const recording = await startRecording({
    meeting: start.meeting,
    mediaRegion: event.mediaRegion,
    dataRegion: useEnvironment().config.regions.data,
    sink,
    pipelines: useMediaPipelines(),
    run: claim,
  });
  return { decision: start.decision, ...recording };
});
