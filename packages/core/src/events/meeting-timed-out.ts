/** The `source` of the events the pipeline puts on the bus itself. */
export const MEDPIPE_SOURCE = "medpipe";

/** The `detail-type` of the event the scheduled closer puts for a meeting whose MeetingEnded never arrived. */
export const MEETING_TIMED_OUT = "Meeting Timed Out";

/** The `detail` of a Meeting Timed Out event, as {@link parseEvent} reads it. */
export interface MeetingTimedOutDetail {
  /** A Chime meeting id (UUID). */
  meetingId: string;
  /** Optional; `null` reads as absent. */
  externalMeetingId?: string | null;
  /** When the meeting started, ISO-8601. */
  startedAt: string;
  /** When the closer timed the meeting out, epoch milliseconds (like Chime's own `detail.timestamp`). */
  timestamp: number;
}
