import type { MediaPipelineKind } from "../sink/sink.js";
import { slotHolders } from "./resources.js";
import type { CapacitySlots } from "./slots.js";

/** The media pipelines quota as a meeting's recording uses it: a slot for its capture, then for its concatenation. */
export interface PipelineSlots {
  /** Takes the slot of the meeting's pipeline of that kind; false when every slot is held. */
  take(kind: MediaPipelineKind, meetingId: string): Promise<boolean>;
  /** Frees it: the pipeline was deleted or failed for good, or was never created. */
  free(kind: MediaPipelineKind, meetingId: string): Promise<void>;
}

/**
 * The {@link PipelineSlots} over the stage's capacity slots. Capture and concatenation pipelines share the
 * region's quota; a concatenation created as its meeting ends counts while it waits for the capture to stop, so a
 * meeting briefly holds both slots. A slot not freed (its pipeline's end never recorded) frees itself after
 * `ttlSeconds` of its kind: a capture lasts at most as long as its meeting may.
 *
 * @example
 * const slots = mediaPipelineSlots(capacity, { limit: 10, ttlSeconds: { capture: 90_000, concatenation: 7_200 } });
 */
export function mediaPipelineSlots(
  capacity: CapacitySlots,
  options: { limit: number; ttlSeconds: Record<MediaPipelineKind, number> },
): PipelineSlots {
  return {
    async take(kind, meetingId) {
      const { granted } = await capacity.acquire({
        resource: "media-pipelines",
        holder: slotHolders[kind](meetingId),
        limit: options.limit,
        ttlSeconds: options.ttlSeconds[kind],
      });
      return granted;
    },
    async free(kind, meetingId) {
      await capacity.release("media-pipelines", slotHolders[kind](meetingId));
    },
  };
}
