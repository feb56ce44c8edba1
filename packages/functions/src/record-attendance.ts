import { claimedEvent, PipelineError, type WorkflowRun } from "@medpipe/core/workflow";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

const ATTENDANCE = {
  "chime:AttendeeJoined": "joined",
  "chime:AttendeeLeft": "left",
  "chime:AttendeeDropped": "dropped",
} as const;

/**
 * Attendee joined, left or dropped: one attendance row per event, once however often it is delivered. The
 * claim, the row and the run's success are one write; a failure goes to the workflow's failure path.
 */
export const handler = task("record-attendance", async ({ run }: { run: WorkflowRun }) => {
  const { event, claim } = claimedEvent(run, useEnvironment().config);
  if (event.kind !== "attendee")
    throw new PipelineError(`attendance cannot record a ${event.kind} event`, null);
  const decision = await useSink().recordAttendance(claim, {
    meetingId: event.meetingId,
    attendeeId: event.attendeeId,
    externalUserId: event.externalUserId,
    event: ATTENDANCE[event.eventType as keyof typeof ATTENDANCE],
    occurredAt: event.occurredAt,
  });
  return { decision };
});
