import { claimedEvent, PipelineError, type WorkflowRun } from "@medpipe/core/workflow";
import { usePipelineSlots } from "./runtime/capacity.js";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/** Chime reported that one of the meeting's media pipelines failed for good. */
export class MediaPipelineFailedError extends PipelineError {}

/**
 * Media pipeline state changes: records the status of the meeting's capture or concatenation pipeline (the
 * event does not say which). A status that overtook its pipeline's record is retried until the record is there;
 * a pipeline of another application is ignored. A deleted or permanently failed pipeline frees its media pipeline
 * slot. A permanent failure fails the execution visibly, each time its event is handled.
 */
export const handler = task("track-media-pipeline", async ({ run }: { run: WorkflowRun }) => {
  const { event, claim } = claimedEvent(run, useEnvironment().config);
  if (event.kind !== "media-pipeline") throw new PipelineError(`cannot track a ${event.kind} event`, null);
  const status = event.eventType.replace("chime:MediaPipeline", "");
  const { decision, pipeline } = await useSink().recordMediaPipelineStatus(claim, {
    mediaPipelineId: event.mediaPipelineId,
    meetingId: event.meetingId,
    status,
    at: event.occurredAt,
  });
  // A pipeline deleted or failed for good no longer counts against the quota: its slot is free again.
  if (pipeline && (status === "Deleted" || status === "PermanentFailure")) {
    await usePipelineSlots().free(pipeline.kind, pipeline.meetingId);
  }
  if (pipeline && status === "PermanentFailure") {
    throw new MediaPipelineFailedError(
      `${pipeline.kind} pipeline ${event.mediaPipelineId} of meeting ${pipeline.meetingId} failed permanently`,
      pipeline.meetingId,
    );
  }
  return { decision };
});
