import { parseEventOrThrow } from "@medpipe/core/events";
import { PipelineError, runClaimOf, runOnce } from "@medpipe/core/workflow";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/** Chime reported that one of the meeting's media pipelines failed for good. */
export class MediaPipelineFailedError extends PipelineError {}

/**
 * Media pipeline state changes: looks up whether the pipeline is the meeting's capture or concatenation
 * (the event does not say) and records its status; a permanent failure fails the execution visibly.
 */
export const handler = task("track-media-pipeline", async (input: { event: unknown; execution: string }) => {
  const event = parseEventOrThrow(input.event);
  if (event.kind !== "media-pipeline") throw new Error(`cannot track a ${event.kind} event`);
  const sink = useSink();
  const { decision } = await runOnce(
    sink,
    runClaimOf(input.event, "media-pipeline", input.execution),
    "track-media-pipeline",
    async () => {
      const pipeline = await sink.findMediaPipeline(event.mediaPipelineId);
      if (!pipeline) return;
      const status = event.eventType.replace("chime:MediaPipeline", "");
      await sink.recordMediaPipelineStatus(event.mediaPipelineId, status, event.occurredAt);
      if (status === "PermanentFailure") {
        throw new MediaPipelineFailedError(
          `${pipeline.kind} pipeline ${event.mediaPipelineId} of meeting ${pipeline.meetingId} failed permanently`,
          pipeline.meetingId,
        );
      }
    },
  );
  return { decision };
});
