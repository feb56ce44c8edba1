import { HeadObjectCommand, type HeadObjectCommandOutput, NotFound } from "@aws-sdk/client-s3";
import { assertEncryptedWith, meetingIdOfRecording, RecordingNotFoundError } from "@medpipe/core/recording";
import { retainUntil } from "@medpipe/core/retention";
import { s3 } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

interface RecordingCreated {
  event: { bucket: string; key: string; versionId: string | null; occurredAt: string };
}

/**
 * The concatenated audio exists: checks it is SSE-KMS with the pipeline's key before anything reads it, and
 * records it with its retain-until date (meeting date + seven years).
 */
export const handler = task("verify-recording", async ({ event }: RecordingCreated) => {
  const meetingId = meetingIdOfRecording(event.key);
  if (!meetingId) throw new RecordingNotFoundError(`${event.key} is not a concatenated recording`, null);
  const env = useEnvironment();
  let head: HeadObjectCommandOutput;
  try {
    head = await s3().send(
      new HeadObjectCommand({
        Bucket: event.bucket,
        Key: event.key,
        VersionId: event.versionId ?? undefined,
      }),
    );
  } catch (error) {
    if (error instanceof NotFound)
      throw new RecordingNotFoundError(`recording of meeting ${meetingId} not found`, meetingId);
    throw error;
  }
  assertEncryptedWith(head, env.dataKeyArn, meetingId);
  const sink = useSink();
  const meeting = await sink.findMeeting(meetingId);
  const retain = retainUntil(meeting?.startedAt ?? event.occurredAt);
  const recording = { bucket: event.bucket, key: event.key, versionId: head.VersionId ?? event.versionId };
  await sink.recordRecording({ meetingId, ...recording, kmsKeyId: env.dataKeyArn, retainUntil: retain });
  const recordingSeconds =
    meeting?.startedAt && meeting.endedAt
      ? (Date.parse(meeting.endedAt) - Date.parse(meeting.startedAt)) / 1000
      : 0;
  return { meetingId, recording, retainUntil: retain, recordingSeconds };
});
