import { ConflictException, StartMedicalTranscriptionJobCommand } from "@aws-sdk/client-transcribe";
import {
  firstPollDelaySeconds,
  medicalTranscriptionJobRequest,
  type RecordingLocation,
} from "@medpipe/core/transcript";
import { transcribe } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { task } from "./runtime/task.js";

/**
 * Starts the Transcribe Medical job for the recording. The job is named after the recording, so a re-run finds
 * the job already started (ConflictException) and goes on polling it.
 */
export const handler = task(
  "start-transcription",
  async (input: { meetingId: string; recording: RecordingLocation; recordingSeconds: number }) => {
    const env = useEnvironment();
    const request = medicalTranscriptionJobRequest({
      meetingId: input.meetingId,
      recording: input.recording,
      transcriptsBucket: env.buckets.transcripts,
      kmsKeyArn: env.dataKeyArn,
      specialty: env.config.transcription.specialty,
    });
    try {
      await transcribe().send(new StartMedicalTranscriptionJobCommand(request));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
    return {
      jobName: request.MedicalTranscriptionJobName as string,
      polls: 0,
      waitSeconds: firstPollDelaySeconds(input.recordingSeconds, env.config.transcription.pollSeconds),
    };
  },
);
