import { type RecordingStart, startRecording, startRecordingOnConsent } from "@medpipe/core/recording";
import { claimedEvent, PipelineError, type WorkflowRun } from "@medpipe/core/workflow";
import { usePipelineSlots, waitingFor } from "./runtime/capacity.js";
import { useEnvironment } from "./runtime/environment.js";
import { useMediaPipelines } from "./runtime/media-pipelines.js";
import { useConsultStore, useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * MeetingStarted: claims the run with the meeting's start and starts its recording (capture, then the
 * concatenation Chime holds until the capture stops) when its consult's patient consented, or where no consent
 * gate applies. Recording Consent Given: claims its run and starts the recording of the meeting still running.
 * A duplicate delivery stops at the claim; with every media pipeline slot in use, the step waits and asks again.
 */
export const handler = task("start-recording", async ({ run }: { run: WorkflowRun }) => {
  const { config } = useEnvironment();
  const { event, claim } = claimedEvent(run, config);
  const sink = useSink();
  const recording = {
    dataRegion: config.regions.data,
    sink,
    pipelines: useMediaPipelines(),
    slots: usePipelineSlots(),
    run: claim,
  };
  const answer = (started: RecordingStart) =>
    started.waiting
      ? { decision: "claimed", ...waitingFor("media-pipelines") }
      : { decision: "claimed", ...started };
  if (event.kind === "recording-consent") {
    if ((await sink.claimRun(claim)) === "duplicate") return { decision: "duplicate", waiting: false };
    return answer(await startRecordingOnConsent({ ...recording, meetingId: event.meetingId }));
  }
  if (event.kind !== "meeting" || event.eventType !== "chime:MeetingStarted") {
    throw new PipelineError(`start-recording cannot handle ${event.eventType}`, null);
  }
  const start = await sink.recordMeetingStart(claim, {
    meetingId: event.meetingId,
    externalMeetingId: event.externalMeetingId,
    startedAt: event.occurredAt,
  });
  if (start.decision === "duplicate") return { ...start, waiting: false };
  const consent = config.consent.gate
    ? await useConsultStore().findRecordingConsent(event.externalMeetingId)
    : null;
  return answer(
    await startRecording({ ...recording, meeting: start.meeting, consent, mediaRegion: event.mediaRegion }),
  );
});
