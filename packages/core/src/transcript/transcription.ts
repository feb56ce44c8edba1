import {
  ConflictException,
  GetMedicalTranscriptionJobCommand,
  ListMedicalTranscriptionJobsCommand,
  StartMedicalTranscriptionJobCommand,
  type TranscribeClient,
} from "@aws-sdk/client-transcribe";
import {
  completedTranscription,
  firstPollDelaySeconds,
  medicalTranscriptionJobRequest,
  nextTranscriptionStep,
  type RecordingLocation,
  type TranscriptionJob,
  transcriptionJobPrefix,
} from "./job.js";

export interface TranscriptionRequest {
  meetingId: string;
  recording: RecordingLocation;
  recordingSeconds: number;
  /** Where the last round left the transcription (`$.job`); null on the first. */
  job: TranscriptionJob | null;
  /** The execution's redrive count (`$$.Execution.RedriveCount`). */
  redriveCount: number;
}

/**
 * One round of a recording's transcription with Transcribe Medical: lists the recording's jobs, then reads the
 * completed one, or says to wait for the running one, or starts the next attempt (see `nextTranscriptionStep`).
 * Every answer carries how long to wait before the next round.
 *
 * @example
 * const job = await transcribeRecording(request, { client, transcriptsBucket, kmsKeyArn, specialty, pollSeconds, maxPolls });
 */
export async function transcribeRecording(
  request: TranscriptionRequest,
  options: {
    client: TranscribeClient;
    transcriptsBucket: string;
    kmsKeyArn: string;
    specialty: "PRIMARYCARE";
    pollSeconds: number;
    maxPolls: number;
  },
): Promise<TranscriptionJob> {
  const { meetingId, redriveCount } = request;
  const prefix = transcriptionJobPrefix(meetingId, request.recording);
  const listed = await options.client.send(
    new ListMedicalTranscriptionJobsCommand({ JobNameContains: prefix, MaxResults: 100 }),
  );
  const jobs = (listed.MedicalTranscriptionJobSummaries ?? []).filter((job) =>
    job.MedicalTranscriptionJobName?.startsWith(`${prefix}-`),
  );
  const step = nextTranscriptionStep({
    meetingId,
    jobs,
    previous: request.job,
    redriveCount,
    maxPolls: options.maxPolls,
  });
  const running = (jobName: string, polls: number, waitSeconds: number): TranscriptionJob => ({
    jobName,
    status: "running",
    polls,
    waitSeconds,
    redriveCount,
    transcript: null,
    completedAt: null,
  });
  switch (step.action) {
    case "read": {
      const { MedicalTranscriptionJob } = await options.client.send(
        new GetMedicalTranscriptionJobCommand({ MedicalTranscriptionJobName: step.jobName }),
      );
      return completedTranscription(MedicalTranscriptionJob ?? {}, {
        meetingId,
        redriveCount,
        polls: request.job?.polls ?? 0,
      });
    }
    case "wait":
      return running(step.jobName, step.polls, options.pollSeconds);
    case "start": {
      const start = medicalTranscriptionJobRequest({
        meetingId,
        recording: request.recording,
        attempt: step.attempt,
        transcriptsBucket: options.transcriptsBucket,
        kmsKeyArn: options.kmsKeyArn,
        specialty: options.specialty,
      });
      try {
        await options.client.send(new StartMedicalTranscriptionJobCommand(start));
      } catch (error) {
        // A retried round that had already started this attempt finds it taken: it is the job to wait for.
        if (!(error instanceof ConflictException)) throw error;
      }
      return running(
        start.MedicalTranscriptionJobName as string,
        0,
        firstPollDelaySeconds(request.recordingSeconds, options.pollSeconds),
      );
    }
  }
}
