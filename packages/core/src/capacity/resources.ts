/**
 * The quota-bound resources a consult uses, each held as a slot while in use: a Transcribe Medical batch job, a
 * Chime SDK media pipeline (capture or concatenation), an entity extraction (a Lambda invocation pacing its
 * Comprehend Medical requests).
 */
export type CapacityResource = "transcribe-jobs" | "media-pipelines" | "extractions";

/**
 * How long a step that found no free slot waits before asking again: a slot freed meanwhile waits for its next in
 * line that long at most. A capture that waits loses the meeting's audio meanwhile, so it asks most often.
 */
export const SLOT_WAIT_SECONDS: Readonly<Record<CapacityResource, number>> = {
  "transcribe-jobs": 10,
  "media-pipelines": 5,
  extractions: 10,
};

/** The metric each wait for a slot adds one to, with the resource as its dimension: the pipeline's back-pressure. */
export const CAPACITY_WAITS_METRIC = "CapacityWaits";

/** Who holds a resource's slot: the meeting's capture or concatenation pipeline, its job, its extraction. */
export const slotHolders = {
  capture: (meetingId: string) => `capture:${meetingId}`,
  concatenation: (meetingId: string) => `concatenation:${meetingId}`,
  transcribeJob: (jobName: string) => `job:${jobName}`,
  extraction: (meetingId: string) => `extraction:${meetingId}`,
} as const;
