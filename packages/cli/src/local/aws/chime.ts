import { createHash } from "node:crypto";
import {
  BadRequestException,
  type ChimeSDKMediaPipelinesClient,
  CreateMediaCapturePipelineCommand,
  CreateMediaConcatenationPipelineCommand,
  DeleteMediaCapturePipelineCommand,
  GetMediaCapturePipelineCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-media-pipelines";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { LocalEvents } from "./events.js";
import { standIn } from "./stand-in.js";

interface Pipeline {
  id: string;
  arn: string;
  meetingId: string;
  status: "InProgress" | "Stopped";
}

export interface LocalChimeOptions {
  events: LocalEvents;
  region: string;
  account: string;
  /** Writes the concatenated recording, as the concatenation pipeline's sink would. */
  writeRecording: (bucket: string, key: string) => Promise<void>;
}

/**
 * Stands in for Chime SDK media pipelines (no local runtime exists): capture pipelines are created, stopped
 * and looked up like the real API (idempotent per ClientRequestToken, NotFound once deleted), concatenation
 * writes the meeting's recording into the sink bucket, and each change emits the documented
 * `Chime Media Pipeline State Change` event.
 */
export function installLocalChime(
  mock: AwsClientStub<ChimeSDKMediaPipelinesClient>,
  options: LocalChimeOptions,
) {
  const pipelines = new Map<string, Pipeline>();
  const idOf = (token: string | undefined) => uuidFrom(token ?? String(pipelines.size));

  const stateChange = (pipeline: Pipeline, eventType: string) =>
    options.events.emit({
      source: "aws.chime",
      "detail-type": "Chime Media Pipeline State Change",
      detail: {
        version: "0",
        eventType,
        timestamp: Date.now(),
        meetingId: pipeline.meetingId,
        mediaPipelineId: pipeline.id,
        mediaRegion: options.region,
      },
    });

  standIn(mock, CreateMediaCapturePipelineCommand, async (input) => {
    const id = idOf(input.ClientRequestToken);
    const existing = pipelines.get(id);
    if (existing)
      return {
        MediaCapturePipeline: {
          MediaPipelineId: id,
          MediaPipelineArn: existing.arn,
          Status: existing.status,
        },
      };
    const meetingId = String(input.SourceArn).split(":meeting:")[1] ?? "";
    const pipeline: Pipeline = { id, arn: arnOf(options, id), meetingId, status: "InProgress" };
    pipelines.set(id, pipeline);
    await stateChange(pipeline, "chime:MediaPipelineInProgress");
    return {
      MediaCapturePipeline: { MediaPipelineId: id, MediaPipelineArn: pipeline.arn, Status: "Initializing" },
    };
  });

  standIn(mock, DeleteMediaCapturePipelineCommand, async (input) => {
    const pipeline = pipelines.get(input.MediaPipelineId ?? "");
    if (!pipeline || pipeline.status === "Stopped") throw notFound();
    pipeline.status = "Stopped";
    await stateChange(pipeline, "chime:MediaPipelineDeleted");
    return {};
  });

  standIn(mock, GetMediaCapturePipelineCommand, async (input) => {
    const pipeline = pipelines.get(input.MediaPipelineId ?? "");
    if (!pipeline || pipeline.status === "Stopped") throw notFound();
    return {
      MediaCapturePipeline: {
        MediaPipelineId: pipeline.id,
        MediaPipelineArn: pipeline.arn,
        Status: pipeline.status,
      },
    };
  });

  standIn(mock, CreateMediaConcatenationPipelineCommand, async (input) => {
    const source = input.Sources?.[0]?.MediaCapturePipelineSourceConfiguration?.MediaPipelineArn ?? "";
    const capture = pipelines.get(source.split("/").pop() ?? "");
    if (!capture)
      throw new BadRequestException({ message: "source media pipeline not found", $metadata: {} });
    if (capture.status !== "Stopped") {
      throw new BadRequestException({
        message: "source media capture pipeline has not stopped",
        $metadata: {},
      });
    }
    const id = idOf(input.ClientRequestToken);
    if (pipelines.has(id))
      return { MediaConcatenationPipeline: { MediaPipelineId: id, MediaPipelineArn: arnOf(options, id) } };
    const concatenation: Pipeline = {
      id,
      arn: arnOf(options, id),
      meetingId: capture.meetingId,
      status: "InProgress",
    };
    pipelines.set(id, concatenation);
    await stateChange(concatenation, "chime:MediaPipelineInProgress");
    const destination = input.Sinks?.[0]?.S3BucketSinkConfiguration?.Destination ?? "";
    const [bucket, ...prefix] = destination.replace(/^arn:[^:]+:s3:::/, "").split("/");
    await options.writeRecording(bucket ?? "", `${prefix.join("/")}/audio/${id}.mp4`);
    concatenation.status = "Stopped";
    await stateChange(concatenation, "chime:MediaPipelineDeleted");
    return {
      MediaConcatenationPipeline: {
        MediaPipelineId: id,
        MediaPipelineArn: concatenation.arn,
        Status: "InProgress",
      },
    };
  });
}

function notFound() {
  return new NotFoundException({ message: "media pipeline not found", $metadata: { httpStatusCode: 404 } });
}

function arnOf(options: Pick<LocalChimeOptions, "region" | "account">, id: string): string {
  return `arn:aws:chime:${options.region}:${options.account}:media-pipeline/${id}`;
}

/** A stable UUID from a client request token, so the same token finds the same pipeline. */
function uuidFrom(token: string): string {
  const hex = createHash("sha256").update(token).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
