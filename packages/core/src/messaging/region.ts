import { RegionConfigError } from "../config/index.js";

/**
 * Where Chime SDK messaging has its API (and keeps its messages): developer guide, "Available regions",
 * Messaging Regions (checked 2026-11). The AppInstance, its Kinesis stream and the stream's consumer must be in
 * one region (developer guide, "Streaming messaging data"): the Messaging stack deploys there.
 */
export const chimeMessagingRegions = ["us-east-1", "eu-central-1"] as const;

/** The setting that chooses it, beside the other `MEDPIPE_*` region settings. */
export const MESSAGING_REGION_VARIABLE = "MEDPIPE_MESSAGING_REGION";
const DEFAULT_MESSAGING_REGION = "eu-central-1";

/**
 * The stage's Chime SDK messaging region: `MEDPIPE_MESSAGING_REGION`, by default Frankfurt (the EU's), or a
 * {@link RegionConfigError} for a region without the messaging API.
 *
 * @example
 * messagingRegion({}); // "eu-central-1"
 */
export function messagingRegion(env: Record<string, string | undefined> = process.env): string {
  const region = env[MESSAGING_REGION_VARIABLE] || DEFAULT_MESSAGING_REGION;
  if (!(chimeMessagingRegions as readonly string[]).includes(region)) {
    throw new RegionConfigError(
      `messaging region ${region} is not possible: Chime SDK messaging has its API only in some regions. ` +
        `Choose one of ${chimeMessagingRegions.join(", ")}`,
    );
  }
  return region;
}
