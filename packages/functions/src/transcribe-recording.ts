import { type TranscriptionRequest, transcribeRecording } from "@medpipe/core/transcript";
import { workflowTimeoutSeconds } from "@medpipe/core/workflow";
import { waitingFor } from "./runtime/capacity.js";
import { transcribe } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { useCapacitySlots } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * Starts the recording's Transcribe Medical job once a slot of the account's concurrent job quota is free, or polls
 * it (medical jobs emit no event): each round says how long to wait before the next. A failed job fails the
 * execution; a redrive or replay starts the next attempt.
 */
export const handler = task("transcribe-recording", async (input: TranscriptionRequest) => {
  const env = useEnvironment();
  const job = await transcribeRecording(input, {
    client: transcribe(),
    slots: useCapacitySlots(),
    jobSlots: {
      limit: env.config.capacity.transcribeJobs,
      ttlSeconds: workflowTimeoutSeconds(env.config).transcription,
    },
    transcriptsBucket: env.buckets.transcripts,
    kmsKeyArn: env.dataKeyArn,
    specialty: env.config.transcription.specialty,
    pollSeconds: env.config.transcription.pollSeconds,
    maxPolls: env.config.transcription.maxPolls,
  });
  if (job.status === "waiting") waitingFor("transcribe-jobs");
  return job;
});
