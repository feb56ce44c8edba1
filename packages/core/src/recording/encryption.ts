import { PipelineError } from "../workflow/errors.js";

/** A recording that is not SSE-KMS encrypted with the pipeline's customer managed key: never transcribed. */
export class RecordingNotEncryptedError extends PipelineError {}

/** The recording the event names is not in the bucket (S3 reads its own writes, so this is not "not yet"). */
export class RecordingNotFoundError extends PipelineError {}

/** S3 answered the recording's HeadObject with a server error or throttling: worth retrying. */
export class RecordingUnavailableError extends PipelineError {}

/**
 * What a failed HeadObject of a recording means. A HEAD response has no body, so the SDK cannot name S3's error
 * code: a 404 is `NotFound`, and a throttled (503 SlowDown) or failed (500) request is `Unknown` with only its
 * status, which no retry list naming SlowDown could match; it becomes a {@link RecordingUnavailableError}.
 *
 * @example
 * try { await s3.send(new HeadObjectCommand(request)) } catch (error) { throw recordingHeadError(error, meetingId) }
 */
export function recordingHeadError(error: unknown, meetingId: string): unknown {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (name === "NotFound")
    return new RecordingNotFoundError(`recording of meeting ${meetingId} not found`, meetingId);
  if (($metadata?.httpStatusCode ?? 0) >= 500) {
    return new RecordingUnavailableError(
      `S3 answered the recording's HeadObject with ${$metadata?.httpStatusCode}`,
      meetingId,
    );
  }
  return error;
}

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
