import { ChimeSDKMediaPipelinesClient } from "@aws-sdk/client-chime-sdk-media-pipelines";
import { ChimeSDKMeetingsClient } from "@aws-sdk/client-chime-sdk-meetings";
import { ComprehendMedicalClient } from "@aws-sdk/client-comprehendmedical";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { TranscribeClient } from "@aws-sdk/client-transcribe";
import { useConfig, useEnvironment } from "./environment.js";
import { COMPREHEND_THROTTLES_METRIC, metrics, tracer } from "./observability.js";
import { countThrottles } from "./throttles.js";

const clients = new Map<string, unknown>();

function once<T extends object>(name: string, create: () => T): T {
  let client = clients.get(name) as T | undefined;
  if (!client) {
    client = tracer.captureAWSv3Client(create());
    clients.set(name, client);
  }
  return client;
}

/** Media pipelines live in the Chime media pipeline region; data services beside the data. */
export const chime = () =>
  once(
    "chime",
    () => new ChimeSDKMediaPipelinesClient({ region: useEnvironment().config.regions.mediaPipeline }),
  );
/** Meetings are created, looked up and ended in the Chime control region. */
export const meetings = () =>
  once("meetings", () => new ChimeSDKMeetingsClient({ region: useEnvironment().config.regions.control }));
export const s3 = () => once("s3", () => new S3Client({ region: useEnvironment().config.regions.data }));
export const transcribe = () =>
  once("transcribe", () => new TranscribeClient({ region: useEnvironment().config.regions.data }));
/**
 * The extractor retries throttling itself, with backoff sized to the quota, so the SDK must not multiply it;
 * every throttled call is counted for the Ops stack's alarm.
 */
export const comprehendMedical = () =>
  once("comprehend", () =>
    countThrottles(
      new ComprehendMedicalClient({ region: useEnvironment().config.regions.data, maxAttempts: 1 }),
      () => metrics.addMetric(COMPREHEND_THROTTLES_METRIC, "Count", 1),
    ),
  );
/** The default bus of the data region, where the pipeline's rules are. */
export const eventBridge = () =>
  once("eventbridge", () => new EventBridgeClient({ region: useConfig().regions.data }));
export const sfn = () => once("sfn", () => new SFNClient({ region: useConfig().regions.data }));
