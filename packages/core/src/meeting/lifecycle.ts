import type { MeetingState, RunHolder, Sink } from "../sink/sink.js";

/**
 * Whether the recording can be finished (capture stopped, then concatenated) now. Meeting events arrive in any
 * order: whichever of MeetingStarted (which starts the capture) and MeetingEnded is handled second sees both
 * facts and finishes the recording; the first one just records its fact.
 */
export function readyToFinishRecording(meeting: MeetingState): boolean {
  return (
    meeting.endedAt !== null && meeting.capturePipelineId !== null && meeting.concatenationPipelineId === null
  );
}

/**
 * Where the meeting-lifecycle workflow goes after its run wrote a start or an end: on to finish the recording,
 * or nowhere, in which case the run is over and its success is recorded here (if the execution still holds it),
 * since no later step will.
 */
export async function nextLifecycleStep(
  sink: Pick<Sink, "finishRun">,
  run: RunHolder,
  meeting: MeetingState,
) {
  const finishRecording = readyToFinishRecording(meeting);
  if (!finishRecording) await sink.finishRun(run, { status: "succeeded" });
  return { decision: "claimed" as const, finishRecording, meeting };
}

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
