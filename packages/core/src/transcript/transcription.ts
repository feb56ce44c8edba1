import {
  ConflictException,
  GetMedicalTranscriptionJobCommand,
  ListMedicalTranscriptionJobsCommand,
  StartMedicalTranscriptionJobCommand,
  type TranscribeClient,
} from "@aws-sdk/client-transcribe";
import { SLOT_WAIT_SECONDS, slotHolders } from "../capacity/resources.js";
import type { CapacitySlots } from "../capacity/slots.js";
import {
  completedTranscription,
  firstPollDelaySeconds,
  medicalTranscriptionJobRequest,
  nextTranscriptionStep,
  type RecordingLocation,
  TranscriptionFailedError,
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
 * Every answer carries how long to wait before the next round. A job holds a slot of the account's concurrent
 * job quota from its start until it is seen completed or failed; with none free, the round waits instead.
 *
 * @example
 * const job = await transcribeRecording(request, { client, slots, transcriptsBucket, kmsKeyArn, specialty, pollSeconds, maxPolls, jobSlots });
 */
export async function transcribeRecording(
  request: TranscriptionRequest,
  options: {
    client: TranscribeClient;
    slots: CapacitySlots;
    /** The account's concurrent medical batch job quota, and how long a slot never released stays held. */
    jobSlots: { limit: number; ttlSeconds: number };
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
  const release = (jobName: string) =>
    options.slots.release("transcribe-jobs", slotHolders.transcribeJob(jobName));
  let step: ReturnType<typeof nextTranscriptionStep>;
  try {
    step = nextTranscriptionStep({
      meetingId,
      jobs,
      previous: request.job,
      redriveCount,
      maxPolls: options.maxPolls,
    });
  } catch (error) {
    // The job this execution waited for failed: it no longer counts against the quota.
    if (error instanceof TranscriptionFailedError && request.job) await release(request.job.jobName);
    throw error;
  }
  const running = (
    jobName: string,
    polls: number,
    waitSeconds: number,
    status: "running" | "waiting" = "running",
  ): TranscriptionJob => ({
    jobName,
    status,
    polls,
    waitSeconds,
    redriveCount,
    transcript: null,
    completedAt: null,
  });
  switch (step.action) {
    case "read": {
      await release(step.jobName);
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
      const jobName = start.MedicalTranscriptionJobName as string;
      // The longest recordings first: the burst's last transcript is then as early as the quota allows.
      const slot = await options.slots.acquire({
        resource: "transcribe-jobs",
        holder: slotHolders.transcribeJob(jobName),
        priority: request.recordingSeconds,
        ...options.jobSlots,
      });
      if (!slot.granted) return running(jobName, 0, SLOT_WAIT_SECONDS["transcribe-jobs"], "waiting");
      try {
        await options.client.send(new StartMedicalTranscriptionJobCommand(start));
      } catch (error) {
        // A retried round that had already started this attempt finds it taken: it is the job to wait for.
        if (!(error instanceof ConflictException)) throw error;
      }
      return running(jobName, 0, firstPollDelaySeconds(request.recordingSeconds, options.pollSeconds));
    }
  }
}
