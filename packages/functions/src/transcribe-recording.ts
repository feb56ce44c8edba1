import { type TranscriptionRequest, transcribeRecording } from "@medpipe/core/transcript";
import { transcribe } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { task } from "./runtime/task.js";

/**
 * Starts the recording's Transcribe Medical job, or polls it (medical jobs emit no event): each round says how long
 * to wait before the next. A failed job fails the execution; a redrive or replay starts the next attempt.
 */
export const handler = task("transcribe-recording", async (input: TranscriptionRequest) => {
  const env = useEnvironment();
  return transcribeRecording(input, {
    client: transcribe(),
    transcriptsBucket: env.buckets.transcripts,
    kmsKeyArn: env.dataKeyArn,
    specialty: env.config.transcription.specialty,
    pollSeconds: env.config.transcription.pollSeconds,
    maxPolls: env.config.transcription.maxPolls,
  });
});
