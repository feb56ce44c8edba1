import type { PipelineSlots } from "../capacity/media-pipeline-slots.js";
import type { RecordingConsent } from "../consult/consult-store.js";
import type { MeetingState, RunHolder, Sink } from "../sink/sink.js";
import { PipelineError } from "../workflow/errors.js";

/**
 * The meeting's media is hosted in another region than the recordings bucket: Chime can only capture into a bucket
 * in the meeting's media region (docs.aws.amazon.com/chime-sdk/latest/dg/create-pipeline.html).
 */
export class MediaRegionMismatchError extends PipelineError {}

/** Chime refused to capture the meeting because it is no longer running. */
export class MeetingNotActiveError extends PipelineError {}

/** The media pipelines a recording needs, behind the Chime SDK. */
export interface MediaPipelines {
  /** Starts the meeting's capture pipeline (idempotent per meeting); a meeting no longer running is refused. */
  startCapture(meetingId: string): Promise<string>;
  /** Starts the concatenation of that capture, which Chime holds until the capture has stopped. */
  startConcatenation(meetingId: string, capturePipelineId: string): Promise<string>;
  /** Stops a capture pipeline (one already gone counts as stopped). */
  stopCapture(capturePipelineId: string): Promise<void>;
  /** The media region of a meeting Chime is running, or null once it has ended. */
  mediaRegionOf(meetingId: string): Promise<string | null>;
}

/**
 * Why a run that started no recording did so; the run log keeps it. Under the consent gate a meeting is recorded
 * only when it belongs to a consult whose patient consented; a consent given before the meeting's start is
 * handled leaves the start to find it.
 */
export type NotRecorded = "meeting-ended" | "no-consult" | "no-consent" | "meeting-not-started";

/**
 * What a start did: recorded (its capture runs), not recorded (why), or waiting for a media pipeline slot (every
 * one of the region's quota is in use), its run still open for the step to try again.
 */
export type RecordingStart =
  | { recorded: true; waiting: false }
  | { recorded: false; waiting: false; reason: NotRecorded }
  | { recorded: false; waiting: true };

/** What an end did: done, or waiting for a media pipeline slot to start the concatenation. */
export type MeetingFinish = { waiting: boolean };

/** The sink and Chime as a recording's steps use them, with the region's media pipeline slots. */
interface RecordingServices {
  sink: Pick<Sink, "recordMediaPipeline" | "finishRun">;
  pipelines: MediaPipelines;
  slots: PipelineSlots;
  run: RunHolder;
}

/**
 * Starts a meeting's recording once its start is recorded: its capture pipeline, remembered with the run. The
 * concatenation starts when the meeting ends (a pipeline waiting for its capture counts against the account's
 * active media pipelines, a small quota); if the meeting ended while the capture was being started, it starts
 * here. A meeting already ended (its MeetingEnded was handled first), or one without its consult's consent, is not
 * recorded, a normal outcome the run log says; a meeting hosted in another region than the recordings bucket fails
 * visibly. Each pipeline takes a slot of the region's media pipelines quota first; with none free the start waits
 * (the step asks again), so that the account never goes past the quota.
 *
 * @example
 * await startRecording({ meeting, consent, mediaRegion: event.mediaRegion, dataRegion, sink, pipelines, slots, run });
 */
export async function startRecording(
  options: RecordingServices & {
    meeting: MeetingState;
    /** The meeting's recording consent (its consult's), or null where no consent gate applies. */
    consent: RecordingConsent | null;
    /** The meeting's media region, from its event (events without one are taken to be in the data region). */
    mediaRegion: string | null;
    dataRegion: string;
  },
): Promise<RecordingStart> {
  const { meeting, sink, pipelines, slots, run } = options;
  const notRecorded = async (reason: NotRecorded): Promise<RecordingStart> => {
    await sink.finishRun(run, { status: "succeeded", note: `not recorded: ${reason}` });
    return { recorded: false, waiting: false, reason };
  };
  if (meeting.capturePipelineId === null && meeting.endedAt !== null) return notRecorded("meeting-ended");
  if (options.consent !== null && options.consent.consentedAt === null) {
    return notRecorded(options.consent.consultId === null ? "no-consult" : "no-consent");
  }
  if (options.mediaRegion !== null && options.mediaRegion !== options.dataRegion) {
    throw new MediaRegionMismatchError(
      `meeting ${meeting.meetingId} is hosted in ${options.mediaRegion}, but its recordings bucket is in ` +
        `${options.dataRegion}: Chime captures only into a bucket in the meeting's media region`,
      meeting.meetingId,
    );
  }
  let current = meeting;
  if (current.capturePipelineId === null) {
    if (!(await slots.take("capture", meeting.meetingId))) return { recorded: false, waiting: true };
    let capture: string;
    try {
      capture = await pipelines.startCapture(meeting.meetingId);
    } catch (error) {
      // No capture holds the slot; a retry of the step takes it again.
      await slots.free("capture", meeting.meetingId);
      if (error instanceof MeetingNotActiveError) return notRecorded("meeting-ended");
      throw error;
    }
    ({ meeting: current } = await sink.recordMediaPipeline({
      mediaPipelineId: capture,
      meetingId: meeting.meetingId,
      kind: "capture",
    }));
  }
  const { waiting } = await concatenateOnceEnded(current, options);
  return waiting ? { recorded: false, waiting } : { recorded: true, waiting };
}

/**
 * Starts the recording of a meeting whose patient consented while it ran (Recording Consent Given), as its start
 * would have: a meeting whose start is not recorded yet is left to its start, which finds the consent; one that
 * has ended is not recorded. The media region is the one Chime reports for the running meeting. Consent given
 * twice starts nothing twice: the capture is idempotent per meeting.
 *
 * @example
 * await startRecordingOnConsent({ meetingId: event.meetingId, dataRegion, sink, pipelines, slots, run: claim });
 */
export async function startRecordingOnConsent(
  options: Omit<RecordingServices, "sink"> & {
    meetingId: string;
    dataRegion: string;
    sink: Pick<Sink, "findMeeting" | "recordMediaPipeline" | "finishRun">;
  },
): Promise<RecordingStart> {
  const { sink, run } = options;
  const meeting = await sink.findMeeting(options.meetingId);
  if (meeting?.startedAt == null) {
    await sink.finishRun(run, { status: "succeeded", note: "not recorded: meeting-not-started" });
    return { recorded: false, waiting: false, reason: "meeting-not-started" };
  }
  // Null once the meeting has ended: the capture is then refused, and the start is not recorded.
  const mediaRegion = await options.pipelines.mediaRegionOf(meeting.meetingId);
  return startRecording({ ...options, meeting, consent: null, mediaRegion });
}

/**
 * Ends a meeting's run once its end is recorded: starts the concatenation of its capture (Chime holds it until the
 * capture has stopped, which it does when the meeting ends). A meeting the closer timed out may still be running,
 * so its capture is stopped here.
 *
 * @example
 * await finishMeeting({ meeting, reason: "timed-out", sink, pipelines, slots, run: claim });
 */
export async function finishMeeting(
  options: RecordingServices & { meeting: MeetingState; reason: "ended" | "timed-out" },
): Promise<MeetingFinish> {
  if (options.reason === "timed-out" && options.meeting.capturePipelineId !== null) {
    await options.pipelines.stopCapture(options.meeting.capturePipelineId);
  }
  return concatenateOnceEnded(options.meeting, options);
}

/**
 * Whichever of the start and the end sees both the capture and the end (the writes are serialised on the
 * meeting's row) starts the concatenation, once it has a slot; its token makes a second start find the first.
 * The run's success is recorded with that write, or alone when there is nothing to start yet.
 */
async function concatenateOnceEnded(
  meeting: MeetingState,
  { sink, pipelines, slots, run }: RecordingServices,
): Promise<MeetingFinish> {
  if (
    meeting.endedAt === null ||
    meeting.capturePipelineId === null ||
    meeting.concatenationPipelineId !== null
  ) {
    await sink.finishRun(run, { status: "succeeded" });
    return { waiting: false };
  }
  if (!(await slots.take("concatenation", meeting.meetingId))) return { waiting: true };
  let concatenation: string;
  try {
    concatenation = await pipelines.startConcatenation(meeting.meetingId, meeting.capturePipelineId);
  } catch (error) {
    await slots.free("concatenation", meeting.meetingId);
    throw error;
  }
  await sink.recordMediaPipeline(
    { mediaPipelineId: concatenation, meetingId: meeting.meetingId, kind: "concatenation" },
    run,
  );
  return { waiting: false };
}
