import { finishMeeting } from "@medpipe/core/recording";
import { claimedEvent, PipelineError, type WorkflowRun } from "@medpipe/core/workflow";
import { usePipelineSlots, waitingFor } from "./runtime/capacity.js";
import { useEnvironment } from "./runtime/environment.js";
import { useMediaPipelines } from "./runtime/media-pipelines.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * MeetingEnded, or the closer's Meeting Timed Out: claims the run with the meeting's end (a timed-out meeting's
 * capture is stopped too) and starts the concatenation. A duplicate delivery stops at the claim; with every media
 * pipeline slot in use, the step waits and asks again.
 */
export const handler = task("end-meeting", async ({ run }: { run: WorkflowRun }) => {
  const { event, claim } = claimedEvent(run, useEnvironment().config);
  const ends =
    event.kind === "meeting-timed-out" ||
    (event.kind === "meeting" && event.eventType === "chime:MeetingEnded");
  if (!ends) throw new PipelineError(`end-meeting cannot handle ${event.eventType}`, null);
  const sink = useSink();
  const reason = event.kind === "meeting-timed-out" ? "timed-out" : "ended";
  const end = await sink.recordMeetingEnd(claim, {
    meetingId: event.meetingId,
    externalMeetingId: event.externalMeetingId,
    endedAt: event.occurredAt,
    reason,
  });
  if (end.decision === "duplicate") return { ...end, waiting: false };
  const { waiting } = await finishMeeting({
    meeting: end.meeting,
    reason,
    sink,
    pipelines: useMediaPipelines(),
    slots: usePipelineSlots(),
    run: claim,
  });
  return waiting
    ? { decision: end.decision, ...waitingFor("media-pipelines") }
    : { decision: end.decision, waiting };
});
