import { chimeMediaPipelines, type MediaPipelines } from "@medpipe/core/recording";
import { chime, meetings } from "./clients.js";
import { useEnvironment } from "./environment.js";

let pipelines: MediaPipelines | undefined;

/** The Chime SDK media pipelines of the function's stage: its account, recordings bucket and pipeline region. */
export function useMediaPipelines(): MediaPipelines {
  if (pipelines) return pipelines;
  const env = useEnvironment();
  pipelines = chimeMediaPipelines({
    chime: chime(),
    meetings: meetings(),
    target: { account: env.account, partition: env.partition, recordingsBucket: env.buckets.recordings },
    media: env.config.capture.media,
    pipelineRegion: env.config.regions.mediaPipeline,
  });
  return pipelines;
}
