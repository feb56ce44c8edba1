import { ListObjectVersionsCommand, type S3Client } from "@aws-sdk/client-s3";
import { entitiesPrefix } from "../entities/location.js";
import type { EventPattern } from "../events/match.js";
import { isUuid } from "../events/uuid.js";
import { capturePrefix, concatenationPrefix } from "../recording/keys.js";
import type { StoredObject } from "../sink/sink.js";
import { transcriptPrefix } from "../transcript/job.js";

/** The pipeline's three data buckets, by role. */
export type DataBucket = "recordings" | "transcripts" | "medicalData";
/** A stage's data bucket names (the Storage stack's outputs), by role. */
export type DataBuckets = Record<DataBucket, string>;

/** ListObjectVersions returns at most 1,000 versions a page (S3 API reference, MaxKeys). */
const VERSIONS_PER_PAGE = 1000;

/**
 * Every prefix a meeting's objects are written under, by bucket: the capture pipeline's chunks and the
 * concatenated recording, Transcribe Medical's transcripts, the entities documents. What a legal hold covers.
 *
 * @example
 * meetingPrefixes(meetingId); // [{ bucket: "recordings", prefix: "captures/<id>/" }, …]
 */
export function meetingPrefixes(meetingId: string): { bucket: DataBucket; prefix: string }[] {
  return [
    { bucket: "recordings", prefix: `${capturePrefix(meetingId)}/` },
    { bucket: "recordings", prefix: `${concatenationPrefix(meetingId)}/` },
    { bucket: "transcripts", prefix: transcriptPrefix(meetingId) },
    { bucket: "medicalData", prefix: entitiesPrefix(meetingId) },
  ];
}

/**
 * The meeting an object of a data bucket belongs to (lower-cased), or null for a key under none of the
 * {@link meetingPrefixes}.
 *
 * @example
 * meetingOfObject("recordings", "captures/16ca8b41-…/audio/2026-04-12-09-00-05.mp4"); // "16ca8b41-…"
 */
export function meetingOfObject(bucket: DataBucket, key: string): string | null {
  const id = key.split("/")[1] ?? "";
  if (!isUuid(id)) return null;
  const owned = meetingPrefixes(id).some((p) => p.bucket === bucket && key.startsWith(p.prefix));
  return owned ? id.toLowerCase() : null;
}

/**
 * The EventBridge pattern of an object landing in one of the data buckets: what holds a new object of a meeting
 * under legal hold as it lands (S3 sends `Object Created` for every write, buckets having EventBridge on).
 *
 * @example
 * new events.Rule(stack, "HoldNewObject", { eventPattern: cdkPattern(objectLandedPattern(buckets)) });
 */
export function objectLandedPattern(buckets: DataBuckets): EventPattern {
  return {
    source: ["aws.s3"],
    "detail-type": ["Object Created"],
    detail: { bucket: { name: [buckets.recordings, buckets.transcripts, buckets.medicalData] } },
  };
}

/**
 * Every version of every object under the meeting's prefixes (ListObjectVersions, paged), delete markers
 * left out: they hold no data and take no legal hold.
 *
 * @example
 * const versions = await listMeetingVersions(s3, { recordings, transcripts, medicalData }, meetingId);
 */
export async function listMeetingVersions(
  s3: S3Client,
  buckets: DataBuckets,
  meetingId: string,
): Promise<StoredObject[]> {
  const versions: StoredObject[] = [];
  for (const { bucket, prefix } of meetingPrefixes(meetingId)) {
    const Bucket = buckets[bucket];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (;;) {
      const page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket,
          Prefix: prefix,
          KeyMarker,
          VersionIdMarker,
          MaxKeys: VERSIONS_PER_PAGE,
        }),
      );
      for (const version of page.Versions ?? []) {
        versions.push({ bucket: Bucket, key: version.Key ?? "", versionId: version.VersionId ?? null });
      }
      if (!page.IsTruncated) break;
      KeyMarker = page.NextKeyMarker;
      VersionIdMarker = page.NextVersionIdMarker;
    }
  }
  return versions;
}
