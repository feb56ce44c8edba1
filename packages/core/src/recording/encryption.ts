import { PipelineError } from "../workflow/errors.js";

/** A recording that is not SSE-KMS encrypted with the pipeline's customer managed key: never transcribed. */
export class RecordingNotEncryptedError extends PipelineError {}

/** The recording the event names is not in the bucket (S3 reads its own writes, so this is not "not yet"). */
export class RecordingNotFoundError extends PipelineError {}

/** An object S3 keeps under no Object Lock retention: the bucket is not configured as the stacks configure it. */
export class ObjectNotLockedError extends PipelineError {}

/**
 * The retain-until date S3 enforces on an object, as HeadObject or GetObject reports it: what the database records,
 * so that the two always agree.
 */
export function retainUntilOf(object: { ObjectLockRetainUntilDate?: Date }, meetingId: string): string {
  if (!object.ObjectLockRetainUntilDate) {
    throw new ObjectNotLockedError(
      `an object of meeting ${meetingId} has no Object Lock retention`,
      meetingId,
    );
  }
  return object.ObjectLockRetainUntilDate.toISOString();
}

/**
 * Throws unless the object is SSE-KMS encrypted with `keyArn` (S3 reports the key by ARN).
 *
 * @example
 * assertEncryptedWith({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: key }, key, meetingId);
 */
export function assertEncryptedWith(
  head: { ServerSideEncryption?: string; SSEKMSKeyId?: string },
  keyArn: string,
  meetingId: string,
): void {
  if (head.ServerSideEncryption !== "aws:kms") {
    throw new RecordingNotEncryptedError(
      `recording of meeting ${meetingId} is ${head.ServerSideEncryption ?? "unencrypted"}, not aws:kms`,
      meetingId,
    );
  }
  if (head.SSEKMSKeyId !== keyArn) {
    throw new RecordingNotEncryptedError(
      `recording of meeting ${meetingId} is encrypted with another KMS key, not the pipeline's key`,
      meetingId,
    );
  }
}
