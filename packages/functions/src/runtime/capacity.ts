import {
  CAPACITY_WAITS_METRIC,
  type CapacityResource,
  mediaPipelineSlots,
  type PipelineSlots,
  SLOT_WAIT_SECONDS,
} from "@medpipe/core/capacity";
import { useEnvironment } from "./environment.js";
import { metrics } from "./observability.js";
import { useCapacitySlots } from "./sink.js";

let pipelineSlots: PipelineSlots | undefined;

/**
 * The stage's media pipeline slots: as many as its media pipelines quota, a capture's held at most as long as a
 * meeting may run (the closer ends it then) and an hour more, a concatenation's two hours.
 */
export function usePipelineSlots(): PipelineSlots {
  const { config } = useEnvironment();
  pipelineSlots ??= mediaPipelineSlots(useCapacitySlots(), {
    limit: config.capacity.mediaPipelines,
    ttlSeconds: { capture: (config.meeting.closeAfterHours + 1) * 3600, concatenation: 2 * 3600 },
  });
  return pipelineSlots;
}

/**
 * What a step answers when no slot of `resource` is free: counted as back-pressure (`CapacityWaits`, by resource),
 * with how long its workflow waits before it asks again.
 */
export function waitingFor(resource: CapacityResource): { waiting: true; waitSeconds: number } {
  const waits = metrics.singleMetric();
  waits.addDimension("resource", resource);
  waits.addMetric(CAPACITY_WAITS_METRIC, "Count", 1);
  return { waiting: true, waitSeconds: SLOT_WAIT_SECONDS[resource] };
}
