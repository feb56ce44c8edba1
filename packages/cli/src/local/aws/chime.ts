import { createHash } from "node:crypto";
import {
  BadRequestException,
  type ChimeSDKMediaPipelinesClient,
  CreateMediaCapturePipelineCommand,
  CreateMediaConcatenationPipelineCommand,
  DeleteMediaCapturePipelineCommand,
  GetMediaCapturePipelineCommand,
  GetMediaPipelineCommand,
  NotFoundException,
  ResourceLimitExceededException,
} from "@aws-sdk/client-chime-sdk-media-pipelines";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { LocalEvents } from "./events.js";
import { standIn } from "./stand-in.js";

type Status = "Initializing" | "InProgress" | "Stopping" | "Stopped";

interface Pipeline {
  id: string;
  arn: string;
  kind: "capture" | "concatenation";
  meetingId: string;
  status: Status;
  createdAt: Date;
  stoppedAt?: Date;
  /** Capture: where its chunks go. Concatenation: its source capture and where the recording goes. */
  sink: string;
  source?: string;
}

export interface LocalChimeOptions {
  events: LocalEvents;
  region: string;
  account: string;
  /** Whether a meeting is running now, as Chime knows: a capture of an ended meeting is refused. */
  meetingIsLive: (meetingId: string) => boolean;
  /**
   * Media pipelines of every kind that may be active at once in the region (its quota): a capture until it has
   * stopped, a concatenation from its creation (waiting for its capture included) until it has finished.
   */
  concurrentPipelines: number;
  /** Writes an object into a sink bucket, as the pipeline's sink would. */
  writeObject: (bucket: string, key: string, body: Buffer) => Promise<void>;
  /** Runs work after a delay, as the service does in the background (on the rig's clock). */
  later: (ms: number, work: () => Promise<void>) => void;
}

/** Seconds from the end of a meeting (or a DeleteMediaCapturePipeline) to the capture having stopped. */
const CAPTURE_STOP_SECONDS = 5;
/** Seconds a concatenation takes per minute of captured media, and at least. */
const CONCATENATION_SECONDS_PER_MINUTE = 2;
const CONCATENATION_MIN_SECONDS = 10;
/**
 * The capture writes a chunk every five seconds; locally one chunk stands for each minute, and at most a handful
 * are written (each lands as an object with its own S3 event, as in AWS, which a day-long capture would make slow).
 */
const CHUNK_SECONDS = 60;
const MAX_CHUNKS = 5;

/**
 * Chime SDK media pipelines for the local rig. A capture pipeline records its meeting until the meeting ends
 * (or it is deleted), writing chunks under its sink prefix; a concatenation pipeline created for a capture waits
 * until that capture has stopped (as CreateMediaConcatenationPipeline documents), then writes the meeting's audio
 * into its sink after a while. Both are idempotent per ClientRequestToken, NotFound once gone, and every status
 * change emits the documented `Chime Media Pipeline State Change` event. A capture of a meeting that is not
 * running is refused, and so is one past the region's concurrent capture quota.
 *
 * @example
 * const chime = installLocalChime(mockClient(ChimeSDKMediaPipelinesClient), options);
 * chime.meetingEnded(meetingId);
 */
export function installLocalChime(
  mock: AwsClientStub<ChimeSDKMediaPipelinesClient>,
  options: LocalChimeOptions,
) {
  const pipelines = new Map<string, Pipeline>();
  const active = () => [...pipelines.values()].filter((p) => p.status !== "Stopped").length;
  let peakActive = 0;
  let refused = 0;
  const refuseBeyondQuota = () => {
    if (active() >= options.concurrentPipelines) {
      refused++;
      throw new ResourceLimitExceededException({
        message: "The request exceeds the resource limit.",
        $metadata: { httpStatusCode: 400 },
      });
    }
  };

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

  const stopCapture = (capture: Pipeline) => {
    if (capture.status === "Stopping" || capture.status === "Stopped") return;
    capture.status = "Stopping";
    options.later(CAPTURE_STOP_SECONDS * 1000, async () => {
      const [bucket, ...prefix] = s3Path(capture.sink);
      const minutes = Math.ceil((Date.now() - capture.createdAt.getTime()) / (CHUNK_SECONDS * 1000));
      const chunks = Math.min(MAX_CHUNKS, Math.max(1, minutes));
      for (let chunk = 0; chunk < chunks; chunk++) {
        const at = new Date(capture.createdAt.getTime() + chunk * CHUNK_SECONDS * 1000);
        await options.writeObject(bucket ?? "", `${prefix.join("/")}/audio/${chunkName(at)}.mp4`, CHUNK);
      }
      capture.status = "Stopped";
      capture.stoppedAt = new Date();
      await stateChange(capture, "chime:MediaPipelineDeleted");
      for (const waiting of pipelines.values()) {
        if (waiting.source === capture.id && waiting.status === "Initializing") concatenate(waiting, capture);
      }
    });
  };

  const concatenate = (concatenation: Pipeline, capture: Pipeline) => {
    concatenation.status = "InProgress";
    const minutes = ((capture.stoppedAt ?? new Date()).getTime() - capture.createdAt.getTime()) / 60_000;
    void stateChange(concatenation, "chime:MediaPipelineInProgress");
    options.later(
      Math.max(CONCATENATION_MIN_SECONDS, minutes * CONCATENATION_SECONDS_PER_MINUTE) * 1000,
      async () => {
        const [bucket, ...prefix] = s3Path(concatenation.sink);
        await options.writeObject(
          bucket ?? "",
          `${prefix.join("/")}/audio/${chunkName(new Date())}.mp4`,
          RECORDING,
        );
        concatenation.status = "Stopped";
        await stateChange(concatenation, "chime:MediaPipelineDeleted");
      },
    );
  };

  const described = (pipeline: Pipeline) => ({
    MediaPipelineId: pipeline.id,
    MediaPipelineArn: pipeline.arn,
    Status: pipeline.status,
    CreatedTimestamp: pipeline.createdAt,
    UpdatedTimestamp: new Date(),
  });

  standIn(mock, CreateMediaCapturePipelineCommand, async (input) => {
    const id = uuidFrom(`capture/${input.ClientRequestToken ?? Math.random()}`);
    const existing = pipelines.get(id);
    if (existing) return { MediaCapturePipeline: { ...described(existing), SinkArn: existing.sink } };
    const meetingId = String(input.SourceArn).split(":meeting:")[1] ?? "";
    if (!options.meetingIsLive(meetingId)) {
      throw new BadRequestException({
        message: `Meeting ${meetingId} is not active`,
        $metadata: { httpStatusCode: 400 },
      });
    }
    refuseBeyondQuota();
    const pipeline: Pipeline = {
      id,
      arn: arnOf(options, id),
      kind: "capture",
      meetingId,
      status: "InProgress",
      createdAt: new Date(),
      sink: String(input.SinkArn),
    };
    pipelines.set(id, pipeline);
    peakActive = Math.max(peakActive, active());
    await stateChange(pipeline, "chime:MediaPipelineInProgress");
    return {
      MediaCapturePipeline: { ...described(pipeline), Status: "Initializing", SinkArn: pipeline.sink },
    };
  });

  standIn(mock, DeleteMediaCapturePipelineCommand, async (input) => {
    const pipeline = pipelines.get(input.MediaPipelineId ?? "");
    if (!pipeline || pipeline.kind !== "capture" || pipeline.status === "Stopped") throw notFound();
    stopCapture(pipeline);
    return {};
  });

  standIn(mock, GetMediaCapturePipelineCommand, async (input) => {
    const pipeline = pipelines.get(input.MediaPipelineId ?? "");
    if (!pipeline || pipeline.kind !== "capture" || pipeline.status === "Stopped") throw notFound();
    return { MediaCapturePipeline: { ...described(pipeline), SinkArn: pipeline.sink } };
  });

  standIn(mock, GetMediaPipelineCommand, async (input) => {
    const pipeline = pipelines.get(input.MediaPipelineId ?? "");
    if (!pipeline) throw notFound();
    return {
      MediaPipeline:
        pipeline.kind === "capture"
          ? { MediaCapturePipeline: described(pipeline) }
          : { MediaConcatenationPipeline: described(pipeline) },
    };
  });

  standIn(mock, CreateMediaConcatenationPipelineCommand, async (input) => {
    const source = input.Sources?.[0]?.MediaCapturePipelineSourceConfiguration?.MediaPipelineArn ?? "";
    const capture = pipelines.get(source.split("/").pop() ?? "");
    if (!capture || capture.kind !== "capture") throw notFound();
    if (Date.now() - capture.createdAt.getTime() > 30 * 86_400_000) {
      throw new BadRequestException({
        message: "The source media capture pipeline is older than 30 days",
        $metadata: { httpStatusCode: 400 },
      });
    }
    const id = uuidFrom(`concatenation/${input.ClientRequestToken ?? Math.random()}`);
    const existing = pipelines.get(id);
    if (existing) return { MediaConcatenationPipeline: described(existing) };
    refuseBeyondQuota();
    const concatenation: Pipeline = {
      id,
      arn: arnOf(options, id),
      kind: "concatenation",
      meetingId: capture.meetingId,
      status: "Initializing",
      createdAt: new Date(),
      sink: input.Sinks?.[0]?.S3BucketSinkConfiguration?.Destination ?? "",
      source: capture.id,
    };
    pipelines.set(id, concatenation);
    peakActive = Math.max(peakActive, active());
    if (capture.status === "Stopped") concatenate(concatenation, capture);
    return { MediaConcatenationPipeline: described(concatenation) };
  });

  return {
    /** Chime ends a meeting: its capture pipelines stop. */
    meetingEnded(meetingId: string): void {
      for (const pipeline of pipelines.values()) {
        if (pipeline.kind === "capture" && pipeline.meetingId === meetingId) stopCapture(pipeline);
      }
    },
    /** How many seconds of a meeting its capture has recorded so far (0 when it never had one). */
    capturedSeconds(meetingId: string): number {
      const capture = [...pipelines.values()].find((p) => p.kind === "capture" && p.meetingId === meetingId);
      return capture ? ((capture.stoppedAt ?? new Date()).getTime() - capture.createdAt.getTime()) / 1000 : 0;
    },
    /** The most media pipelines (of both kinds) active at once. */
    get peakPipelines() {
      return peakActive;
    },
    /** Pipelines refused for the region's quota. */
    get refusedPipelines() {
      return refused;
    },
  };
}

/** A few bytes standing in for an MP4 chunk or recording: local mode never decodes audio. */
const CHUNK = Buffer.from("local stand-in for a five-second capture chunk\n");
const RECORDING = Buffer.from("local stand-in for the concatenated consult audio\n");

function notFound() {
  return new NotFoundException({ message: "media pipeline not found", $metadata: { httpStatusCode: 404 } });
}

function arnOf(options: Pick<LocalChimeOptions, "region" | "account">, id: string): string {
  return `arn:aws:chime:${options.region}:${options.account}:media-pipeline/${id}`;
}

/** `arn:aws:s3:::bucket/prefix/parts` → [bucket, prefix, parts]. */
function s3Path(arn: string): string[] {
  return arn.replace(/^arn:[^:]+:s3:::/, "").split("/");
}

/** Chime names artifacts by their time: `2026-03-02-09-00-05-123`. */
function chunkName(at: Date): string {
  return at.toISOString().replace(/[T:.]/g, "-").replace("Z", "");
}

/** A stable UUID from a client request token, so the same token finds the same pipeline. */
function uuidFrom(token: string): string {
  const hex = createHash("sha256").update(token).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
