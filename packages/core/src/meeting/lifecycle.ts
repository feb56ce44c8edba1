import type { MeetingState } from "../sink/sink.js";

/**
 * Meetings that started more than `closeAfterHours` ago and never ended: Chime delivers events best effort,
 * so a lost MeetingEnded must not leave a meeting (and its capture pipeline) open for ever.
 */
export function staleMeetings(open: MeetingState[], now: Date, closeAfterHours: number): MeetingState[] {
  const cutoff = now.getTime() - closeAfterHours * 3_600_000;
  return open.filter((m) => m.endedAt === null && m.startedAt !== null && Date.parse(m.startedAt) < cutoff);
}

/** The cut-off to ask the sink for open meetings with, matching {@link staleMeetings}. */
export function staleBefore(now: Date, closeAfterHours: number): string {
  return new Date(now.getTime() - closeAfterHours * 3_600_000).toISOString();
}
