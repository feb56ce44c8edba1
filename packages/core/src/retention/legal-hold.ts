import { PutObjectLegalHoldCommand, type S3Client } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import type { Sink, StoredObject } from "../sink/sink.js";
import {
  type DataBucket,
  type DataBuckets,
  listMeetingVersions,
  meetingOfObject,
} from "./meeting-objects.js";

export interface LegalHoldRequest {
  sink: Sink;
  s3: S3Client;
  meetingId: string;
  /** The stage's data buckets: every version under the meeting's prefixes in them is held or released. */
  buckets: DataBuckets;
}

/** PutObjectLegalHold calls under way at once: S3 takes 3,500 PUTs a second per prefix, so this is for the caller. */
const CONCURRENT_HOLDS = 8;

/** S3 refused to change the legal hold of one of a meeting's objects; placing or releasing again resumes. */
export class LegalHoldError extends Error {
  override name = "LegalHoldError";

  constructor(
    readonly meetingId: string,
    readonly object: StoredObject,
    readonly status: "ON" | "OFF",
    /** The S3 error name, e.g. `InvalidRequest` when the bucket has no Object Lock. */
    readonly code: string,
    options: { cause: unknown },
  ) {
    super(
      `legal hold ${status} failed for meeting ${meetingId} on s3://${object.bucket}/${object.key}` +
        `${object.versionId ? ` version ${object.versionId}` : ""}: ${code}`,
      options,
    );
  }
}

/** Sets the hold of each version, a few at a time; when S3 refuses some, the first refusal after all were tried. */
async function setObjectHolds(
  s3: S3Client,
  meetingId: string,
  objects: StoredObject[],
  status: "ON" | "OFF",
): Promise<void> {
  const limit = pLimit(CONCURRENT_HOLDS);
  const refusals = await Promise.all(
    objects.map((object) =>
      limit(async () => {
        try {
          await s3.send(
            new PutObjectLegalHoldCommand({
              Bucket: object.bucket,
              Key: object.key,
              VersionId: object.versionId ?? undefined,
              LegalHold: { Status: status },
            }),
          );
          return null;
        } catch (error) {
          const code = error instanceof Error ? error.name : "UnknownError";
          return new LegalHoldError(meetingId, object, status, code, { cause: error });
        }
      }),
    ),
  );
  const refused = refusals.find((refusal) => refusal !== null);
  if (refused) throw refused;
}

/**
 * Places a meeting under legal hold: flags it in the database, so that the retention sweeper keeps its rows and
 * objects landing from now on are held as they land ({@link holdObjectIfMeetingHeld}), then sets an S3 Object
 * Lock legal hold on every version under the meeting's prefixes. Returns those versions.
 *
 * @example
 * await placeLegalHold({ sink, s3, buckets, meetingId, reason: "litigation 2031-044" });
 */
export async function placeLegalHold(
  request: LegalHoldRequest & { reason: string },
): Promise<StoredObject[]> {
  await request.sink.placeLegalHold(request.meetingId, request.reason);
  const versions = await listMeetingVersions(request.s3, request.buckets, request.meetingId);
  await setObjectHolds(request.s3, request.meetingId, versions, "ON");
  return versions;
}

/**
 * Releases a meeting's legal hold: every version's S3 hold first, then the database flag, so that a failure
 * part-way leaves the meeting held for the retry; then the versions that landed meanwhile (and were held as they
 * landed). Returns every version released.
 *
 * @example
 * await releaseLegalHold({ sink, s3, buckets, meetingId });
 */
export async function releaseLegalHold(request: LegalHoldRequest): Promise<StoredObject[]> {
  const versions = await listMeetingVersions(request.s3, request.buckets, request.meetingId);
  await setObjectHolds(request.s3, request.meetingId, versions, "OFF");
  await request.sink.releaseLegalHold(request.meetingId);
  const released = new Set(versions.map(versionOf));
  const landed = (await listMeetingVersions(request.s3, request.buckets, request.meetingId)).filter(
    (version) => !released.has(versionOf(version)),
  );
  await setObjectHolds(request.s3, request.meetingId, landed, "OFF");
  return [...versions, ...landed];
}

/**
 * Holds an object that just landed (an S3 Object Created event) when it belongs to a meeting under legal hold;
 * leaves alone an object of no meeting, or of a meeting not held. Returns the meeting and whether it held it.
 *
 * @example
 * await holdObjectIfMeetingHeld({ sink, s3, buckets, object: { bucket, key, versionId } });
 */
export async function holdObjectIfMeetingHeld(request: {
  sink: Sink;
  s3: S3Client;
  buckets: DataBuckets;
  object: StoredObject;
}): Promise<{ meetingId: string | null; held: boolean }> {
  const role = (Object.keys(request.buckets) as DataBucket[]).find(
    (bucket) => request.buckets[bucket] === request.object.bucket,
  );
  const meetingId = role ? meetingOfObject(role, request.object.key) : null;
  if (meetingId === null) return { meetingId, held: false };
  if (!(await request.sink.findMeeting(meetingId))?.legalHold) return { meetingId, held: false };
  await setObjectHolds(request.s3, meetingId, [request.object], "ON");
  return { meetingId, held: true };
}

const versionOf = (object: StoredObject) => `${object.bucket}/${object.key}?${object.versionId ?? ""}`;
