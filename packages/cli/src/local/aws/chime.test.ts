import {
  BadRequestException,
  ChimeSDKMediaPipelinesClient,
  CreateMediaCapturePipelineCommand,
  CreateMediaConcatenationPipelineCommand,
  DeleteMediaCapturePipelineCommand,
  ResourceLimitExceededException,
} from "@aws-sdk/client-chime-sdk-media-pipelines";
import { captureRequest, concatenationRequest, mediaPipelineArn } from "@medpipe/core/recording";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installLocalChime } from "./chime.js";
import type { EmittedEvent } from "./events.js";

const mock = mockClient(ChimeSDKMediaPipelinesClient);
const client = new ChimeSDKMediaPipelinesClient({
  region: "eu-central-1",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const target = { account: "111122223333", partition: "aws", recordingsBucket: "recordings" };
const meetingA = "1e6bf4f5-f4b5-4917-b8c9-bda45c340706";
const meetingB = "2f7c05a6-05c6-4a28-9cda-ceb56d451817";

/** The stand-in's background work, run by hand: each `later` call waits here until a test lets it go. */
let waiting: Array<{ ms: number; work: () => Promise<void> }>;
let events: EmittedEvent[];
let written: string[];
let live: Set<string>;
let chime: ReturnType<typeof installLocalChime>;

const runLater = async () => {
  while (waiting.length > 0) {
    const next = waiting.shift();
    await next?.work();
  }
};
const eventTypes = () => events.map((event) => `${event.detail.eventType} ${event.detail.mediaPipelineId}`);
const capture = (meetingId: string) =>
  client.send(new CreateMediaCapturePipelineCommand(captureRequest({ ...target, meetingId }, "audio")));
const concatenation = (meetingId: string, captureId: string) =>
  client.send(
    new CreateMediaConcatenationPipelineCommand(
      concatenationRequest({ ...target, meetingId }, mediaPipelineArn(target, "eu-central-1", captureId)),
    ),
  );

beforeEach(() => {
  waiting = [];
  events = [];
  written = [];
  live = new Set([meetingA, meetingB]);
  chime = installLocalChime(mock, {
    events: { emit: async (event) => void events.push(event) },
    region: "eu-central-1",
    account: target.account,
    meetingIsLive: (meetingId) => live.has(meetingId),
    concurrentPipelines: 3,
    writeObject: async (bucket, key) => void written.push(`${bucket}/${key}`),
    later: (ms, work) => void waiting.push({ ms, work }),
  });
});
afterEach(() => mock.reset());

describe("the Chime SDK media pipelines stand-in", () => {
  it("holds a concatenation created during the capture until the capture has stopped, then writes the recording", async () => {
    const { MediaCapturePipeline } = await capture(meetingA);
    const captureId = MediaCapturePipeline?.MediaPipelineId ?? "";
    const { MediaConcatenationPipeline } = await concatenation(meetingA, captureId);
    const concatenationId = MediaConcatenationPipeline?.MediaPipelineId ?? "";
    expect(MediaConcatenationPipeline?.Status).toBe("Initializing");
    await runLater();
    expect(written).toEqual([]);

    live.delete(meetingA);
    chime.meetingEnded(meetingA);
    await runLater();
    expect(eventTypes()).toEqual([
      `chime:MediaPipelineInProgress ${captureId}`,
      `chime:MediaPipelineDeleted ${captureId}`,
      `chime:MediaPipelineInProgress ${concatenationId}`,
      `chime:MediaPipelineDeleted ${concatenationId}`,
    ]);
    expect(written.filter((key) => key.startsWith(`recordings/captures/${meetingA}/audio/`))).toHaveLength(1);
    expect(
      written.filter((key) => key.startsWith(`recordings/concatenated/${meetingA}/audio/`)),
    ).toHaveLength(1);
  });

  it("answers the same pipeline for the same ClientRequestToken", async () => {
    const first = await capture(meetingA);
    const again = await capture(meetingA);
    expect(again.MediaCapturePipeline?.MediaPipelineId).toBe(first.MediaCapturePipeline?.MediaPipelineId);
  });

  it("refuses to capture a meeting that is not running, as Chime does, with BadRequest", async () => {
    live.delete(meetingA);
    await expect(capture(meetingA)).rejects.toBeInstanceOf(BadRequestException);
  });

  it("counts captures and concatenations against one quota, refusing the pipeline past it", async () => {
    const { MediaCapturePipeline } = await capture(meetingA);
    await capture(meetingB);
    await concatenation(meetingA, MediaCapturePipeline?.MediaPipelineId ?? "");
    const third = "3a8d16b7-16d7-4b39-8deb-dfc67e562928";
    live.add(third);
    await expect(capture(third)).rejects.toBeInstanceOf(ResourceLimitExceededException);
    expect(chime.refusedPipelines).toBe(1);
    expect(chime.peakPipelines).toBe(3);
  });

  it("stops a capture on DeleteMediaCapturePipeline, after which it is gone", async () => {
    const { MediaCapturePipeline } = await capture(meetingA);
    const captureId = MediaCapturePipeline?.MediaPipelineId ?? "";
    await client.send(new DeleteMediaCapturePipelineCommand({ MediaPipelineId: captureId }));
    await runLater();
    await expect(
      client.send(new DeleteMediaCapturePipelineCommand({ MediaPipelineId: captureId })),
    ).rejects.toMatchObject({ name: "NotFoundException" });
    expect(eventTypes()).toEqual([
      `chime:MediaPipelineInProgress ${captureId}`,
      `chime:MediaPipelineDeleted ${captureId}`,
    ]);
  });
});
