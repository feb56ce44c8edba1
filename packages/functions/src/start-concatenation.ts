import { CreateMediaConcatenationPipelineCommand } from "@aws-sdk/client-chime-sdk-media-pipelines";
import { concatenationRequest, mediaPipelineArn } from "@medpipe/core/recording";
import type { MeetingState } from "@medpipe/core/sink";
import { runHolderOf, type WorkflowRun } from "@medpipe/core/workflow";
import { chime } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * Concatenates the stopped capture into one recording, and remembers that pipeline as a concatenation with the
 * run's success: the last step of the meeting-lifecycle workflow.
 */
export const handler = task(
  "start-concatenation",
  async ({ meeting, run }: { meeting: MeetingState; run: WorkflowRun }) => {
    const env = useEnvironment();
    const target = {
      meetingId: meeting.meetingId,
      account: env.account,
      partition: env.partition,
      recordingsBucket: env.buckets.recordings,
    };
    const captureArn = mediaPipelineArn(
      target,
      env.config.regions.mediaPipeline,
      meeting.capturePipelineId ?? "",
    );
    const { MediaConcatenationPipeline } = await chime().send(
      new CreateMediaConcatenationPipelineCommand(concatenationRequest(target, captureArn)),
    );
    const id = MediaConcatenationPipeline?.MediaPipelineId;
    if (!id) throw new Error("CreateMediaConcatenationPipeline returned no pipeline id");
    await useSink().recordMediaPipeline(
      { mediaPipelineId: id, meetingId: meeting.meetingId, kind: "concatenation" },
      runHolderOf(run),
    );
    return { concatenationPipelineId: id };
  },
);
