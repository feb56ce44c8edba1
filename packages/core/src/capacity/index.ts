export { comprehendReservations } from "./comprehend-pacing.js";
export { mediaPipelineSlots, type PipelineSlots } from "./media-pipeline-slots.js";
export { type RateBuckets, type RateReservation, supabaseRateBuckets } from "./rate.js";
export { CAPACITY_WAITS_METRIC, type CapacityResource, SLOT_WAIT_SECONDS, slotHolders } from "./resources.js";
export { type CapacitySlots, type SlotRequest, supabaseCapacitySlots } from "./slots.js";
