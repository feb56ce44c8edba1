import { PipelineError } from "../workflow/errors.js";

/** A recording that is not SSE-KMS encrypted with the pipeline's customer managed key: never transcribed. */
export class RecordingNotEncryptedError extends PipelineError {}

/** The recording the event names is not (yet) in the bucket. */
export class RecordingNotFoundError extends PipelineError {}

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
