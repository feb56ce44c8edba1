import { parseEventOrThrow } from "@medpipe/core/events";
import { runClaimOf, runOnce } from "@medpipe/core/workflow";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

const ATTENDANCE = {
  "chime:AttendeeJoined": "joined",
  "chime:AttendeeLeft": "left",
  "chime:AttendeeDropped": "dropped",
} as const;

/** Attendee joined, left or dropped: one attendance row per event, once however often it is delivered. */
export const handler = task("record-attendance", async (input: { event: unknown; execution: string }) => {
  const event = parseEventOrThrow(input.event);
  if (event.kind !== "attendee") throw new Error(`attendance cannot record a ${event.kind} event`);
  const sink = useSink();
  const { decision } = await runOnce(
    sink,
    runClaimOf(input.event, "attendance", input.execution),
    "record-attendance",
    () =>
      sink.recordAttendance({
        meetingId: event.meetingId,
        attendeeId: event.attendeeId,
        externalUserId: event.externalUserId,
        event: ATTENDANCE[event.eventType as keyof typeof ATTENDANCE],
        occurredAt: event.occurredAt,
      }),
  );
  return { decision };
});
