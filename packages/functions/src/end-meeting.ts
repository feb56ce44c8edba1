import { nextLifecycleStep } from "@medpipe/core/meeting";
import { claimedEvent, type WorkflowRun } from "@medpipe/core/workflow";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * MeetingEnded, or the closer's Meeting Timed Out: claims the run with the meeting's end, and finishes the
 * recording if it can. A duplicate delivery stops at the claim.
 */
export const handler = task("end-meeting", async ({ run }: { run: WorkflowRun }) => {
  const { event, claim } = claimedEvent(run, useEnvironment().config);
  const ends =
    event.kind === "meeting-timed-out" ||
    (event.kind === "meeting" && event.eventType === "chime:MeetingEnded");
  if (!ends) throw new Error(`cannot end a meeting on ${event.eventType}`);
  const sink = useSink();
  const end = await sink.recordMeetingEnd(claim, {
    meetingId: event.meetingId,
    externalMeetingId: event.externalMeetingId,
    endedAt: event.occurredAt,
    reason: event.kind === "meeting-timed-out" ? "timed-out" : "ended",
  });
  if (end.decision === "duplicate") return end;
  return nextLifecycleStep(sink, claim, end.meeting);
});
