import {
  MEDPIPE_SOURCE,
  MEETING_TIMED_OUT,
  type MeetingTimedOutDetail,
} from "../events/meeting-timed-out.js";
import type { MeetingState } from "../sink/sink.js";

/**
 * The PutEvents entry that closes a meeting whose MeetingEnded never came; it goes to the default bus, so it is
 * routed, archived and replayable like Chime's own events.
 */
export function meetingTimedOutEntry(meeting: MeetingState, now: Date) {
  const detail: MeetingTimedOutDetail = {
    meetingId: meeting.meetingId,
    externalMeetingId: meeting.externalMeetingId,
    startedAt: meeting.startedAt ?? now.toISOString(),
    timestamp: now.getTime(),
  };
  return { Source: MEDPIPE_SOURCE, DetailType: MEETING_TIMED_OUT, Time: now, Detail: JSON.stringify(detail) };
}
