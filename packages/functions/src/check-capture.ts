import { GetMediaCapturePipelineCommand, NotFoundException } from "@aws-sdk/client-chime-sdk-media-pipelines";
import type { MeetingState } from "@medpipe/core/sink";
import { PipelineError } from "@medpipe/core/workflow";
import { chime } from "./runtime/clients.js";
import { task } from "./runtime/task.js";

/** The capture pipeline did not stop within the workflow's polls; concatenation cannot start. */
export class CaptureStillRunningError extends PipelineError {}

const MAX_POLLS = 60;

/** Polls the capture pipeline until it has stopped, since concatenation may only start after that. */
export const handler = task("check-capture", async (input: { meeting: MeetingState; polls: number }) => {
  const polls = input.polls + 1;
  try {
    const { MediaCapturePipeline } = await chime().send(
      new GetMediaCapturePipelineCommand({ MediaPipelineId: input.meeting.capturePipelineId ?? "" }),
    );
    if (MediaCapturePipeline?.Status === "Stopped") return { stopped: true, polls };
  } catch (error) {
    if (error instanceof NotFoundException) return { stopped: true, polls };
    throw error;
  }
  if (polls >= MAX_POLLS) {
    throw new CaptureStillRunningError(
      `capture pipeline of meeting ${input.meeting.meetingId} still running after ${polls} polls`,
      input.meeting.meetingId,
    );
  }
  return { stopped: false, polls };
});
