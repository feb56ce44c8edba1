import { PutObjectLegalHoldCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Sink, StoredObject } from "../sink/sink.js";

export interface LegalHoldRequest {
  sink: Sink;
  s3: S3Client;
  meetingId: string;
}

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

async function setObjectHolds(
  s3: S3Client,
  meetingId: string,
  objects: StoredObject[],
  status: "ON" | "OFF",
): Promise<void> {
  for (const object of objects) {
    try {
      await s3.send(
        new PutObjectLegalHoldCommand({
          Bucket: object.bucket,
          Key: object.key,
          VersionId: object.versionId ?? undefined,
          LegalHold: { Status: status },
        }),
      );
    } catch (error) {
      const code = error instanceof Error ? error.name : "UnknownError";
      throw new LegalHoldError(meetingId, object, status, code, { cause: error });
    }
  }
}

/**
 * Places a meeting under legal hold: flags it in the database, so that the retention sweeper keeps its rows,
 * then sets an S3 Object Lock legal hold on every object recorded for it. Returns those objects.
 *
 * @example
 * await placeLegalHold({ sink, s3, meetingId, reason: "litigation 2031-044" });
 */
export async function placeLegalHold(
  request: LegalHoldRequest & { reason: string },
): Promise<StoredObject[]> {
  await request.sink.placeLegalHold(request.meetingId, request.reason);
  const objects = await request.sink.listMeetingObjects(request.meetingId);
  await setObjectHolds(request.s3, request.meetingId, objects, "ON");
  return objects;
}

/**
 * Releases a meeting's legal hold: the S3 holds first, then the database flag, so that a failure part-way
 * leaves the meeting held and its rows (which list its objects) in place for the retry. Returns the objects.
 */
export async function releaseLegalHold(request: LegalHoldRequest): Promise<StoredObject[]> {
  const objects = await request.sink.listMeetingObjects(request.meetingId);
  await setObjectHolds(request.s3, request.meetingId, objects, "OFF");
  await request.sink.releaseLegalHold(request.meetingId);
  return objects;
}
