import { readyToFinishRecording } from "@medpipe/core/meeting";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

interface MeetingEnded {
  event: { kind: string; meetingId: string; externalMeetingId: string | null; occurredAt: string };
}

/** MeetingEnded, or the closer's Meeting Timed Out: records the end; finishes the recording if it can. */
export const handler = task("end-meeting", async ({ event }: MeetingEnded) => {
  const meeting = await useSink().recordMeetingEnd({
    meetingId: event.meetingId,
    externalMeetingId: event.externalMeetingId,
    endedAt: event.occurredAt,
    reason: event.kind === "meeting-timed-out" ? "timed-out" : "ended",
  });
  return { finishRecording: readyToFinishRecording(meeting), meeting };
});
