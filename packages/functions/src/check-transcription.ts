import { GetMedicalTranscriptionJobCommand } from "@aws-sdk/client-transcribe";
import { transcriptionProgress } from "@medpipe/core/transcript";
import { transcribe } from "./runtime/clients.js";
import { useEnvironment } from "./runtime/environment.js";
import { task } from "./runtime/task.js";

/**
 * Polls the medical transcription job (Transcribe Medical emits no EventBridge event): running, completed with
 * its transcript location, or a failure carrying the job's reason.
 */
export const handler = task(
  "check-transcription",
  async (input: { meetingId: string; jobName: string; polls: number }) => {
    const { MedicalTranscriptionJob } = await transcribe().send(
      new GetMedicalTranscriptionJobCommand({ MedicalTranscriptionJobName: input.jobName }),
    );
    const progress = transcriptionProgress(MedicalTranscriptionJob ?? {}, {
      meetingId: input.meetingId,
      polls: input.polls,
      maxPolls: useEnvironment().config.transcription.maxPolls,
    });
    return {
      ...progress,
      jobName: input.jobName,
      completedAt: MedicalTranscriptionJob?.CompletionTime?.toISOString() ?? null,
    };
  },
);
