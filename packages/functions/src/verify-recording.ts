import { HeadObjectCommand, type HeadObjectCommandOutput } from "@aws-sdk/client-s3";
import {
  assertEncryptedWith,
  meetingIdOfRecording,
  recordingHeadError,
  retainUntilOf,
} from "@medpipe/core/recording";
import { claimedEvent, PipelineError, type WorkflowRun } from "@medpipe/core/workflow";
import { s3 } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * The concatenated audio exists: checks it is SSE-KMS with the pipeline's key before anything reads it, and claims
 * the run with the recording and the retain-until date S3 enforces on it. A duplicate delivery stops at the claim.
 * Its result is the transcription's state: the recording, its length, and no job yet.
 */
export const handler = task("verify-recording", async ({ run }: { run: WorkflowRun }) => {
  const { event, claim } = claimedEvent(run, useEnvironment().config);
  if (event.kind !== "object-created")
    throw new PipelineError(`verify-recording cannot handle ${event.eventType}`, null);
  const meetingId = meetingIdOfRecording(event.key);
  if (!meetingId) throw new PipelineError(`${event.key} is not a concatenated recording`, null);
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
    throw recordingHeadError(error, meetingId);
  }
  assertEncryptedWith(head, env.dataKeyArn, meetingId);
  const sink = useSink();
  const meeting = await sink.findMeeting(meetingId);
  const recording = { bucket: event.bucket, key: event.key, versionId: head.VersionId ?? event.versionId };
  const decision = await sink.recordRecording(claim, {
    meetingId,
    ...recording,
    kmsKeyId: env.dataKeyArn,
    retainUntil: retainUntilOf(head, meetingId),
  });
  if (decision === "duplicate") return { decision };
  const recordingSeconds =
    meeting?.startedAt && meeting.endedAt
      ? (Date.parse(meeting.endedAt) - Date.parse(meeting.startedAt)) / 1000
      : 0;
  return { decision, meetingId, recording, recordingSeconds, job: null };
});
