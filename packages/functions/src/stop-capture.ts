import {
  DeleteMediaCapturePipelineCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-media-pipelines";
import type { MeetingState } from "@medpipe/core/sink";
import { chime } from "./runtime/clients.js";
import { task } from "./runtime/task.js";

/** Stops the meeting's capture pipeline; one that is already gone counts as stopped. */
export const handler = task("stop-capture", async ({ meeting }: { meeting: MeetingState }) => {
  try {
    await chime().send(
      new DeleteMediaCapturePipelineCommand({ MediaPipelineId: meeting.capturePipelineId ?? "" }),
    );
  } catch (error) {
    if (!(error instanceof NotFoundException)) throw error;
  }
  return { polls: 0 };
});
