import {
  BadRequestException,
  ConflictException,
  GetMedicalTranscriptionJobCommand,
  LimitExceededException,
  ListMedicalTranscriptionJobsCommand,
  type MedicalTranscriptionJob,
  StartMedicalTranscriptionJobCommand,
  type TranscribeClient,
} from "@aws-sdk/client-transcribe";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./stand-in.js";

/** What happens to a job: it completes with this transcript, or fails with this reason. */
export type JobOutcome = { transcript: Buffer } | { failureReason: string };

export interface LocalTranscribeOptions {
  region: string;
  /** How long a job runs, in seconds of (virtual) time. */
  durationSeconds: (job: { name: string; mediaUri: string }) => number;
  /** What a job ends with. */
  outcome: (job: { name: string; mediaUri: string }) => JobOutcome;
  /** Jobs that may run at once in the account; Transcribe refuses more with LimitExceededException. */
  concurrentJobs: number;
  recordingExists: (bucket: string, key: string) => Promise<boolean>;
  writeTranscript: (bucket: string, key: string, body: Buffer, kmsKeyId: string | undefined) => Promise<void>;
  /** Runs work after a delay, as the service does in the background (on the rig's clock). */
  later: (ms: number, work: () => Promise<void>) => void;
}

interface Job {
  job: MedicalTranscriptionJob;
  /** Whether the job has ended (its transcript written, when it completed). */
  ended: boolean;
}

/**
 * Transcribe Medical batch jobs for the local rig: a job is IN_PROGRESS for its duration, then COMPLETED with
 * its transcript written where the request asked (encrypted with the requested key), or FAILED with a reason.
 * Starting a job whose name is taken is a ConflictException and a job past the concurrent-job quota a
 * LimitExceededException, as in AWS.
 *
 * @example
 * installLocalTranscribe(mockClient(TranscribeClient), { region, durationSeconds: () => 120, outcome, ... });
 */
export function installLocalTranscribe(
  mock: AwsClientStub<TranscribeClient>,
  options: LocalTranscribeOptions,
) {
  const jobs = new Map<string, Job>();
  const running = () => [...jobs.values()].filter((j) => !j.ended).length;
  let peak = 0;
  let refused = 0;

  standIn(mock, StartMedicalTranscriptionJobCommand, async (input) => {
    const name = input.MedicalTranscriptionJobName ?? "";
    if (jobs.has(name))
      throw new ConflictException({ message: "The requested job name already exists.", $metadata: {} });
    const mediaUri = input.Media?.MediaFileUri ?? "s3://missing/";
    const media = new URL(mediaUri);
    if (!(await options.recordingExists(media.hostname, decodeURIComponent(media.pathname.slice(1))))) {
      throw new BadRequestException({
        message: "The URI that you provided doesn't point to an S3 object.",
        $metadata: {},
      });
    }
    if (running() >= options.concurrentJobs) {
      refused++;
      throw new LimitExceededException({
        message: "You have exceeded your limit of concurrent jobs.",
        $metadata: { httpStatusCode: 400 },
      });
    }
    const key = input.OutputKey ?? `${name}.json`;
    const entry: Job = {
      ended: false,
      job: {
        MedicalTranscriptionJobName: name,
        TranscriptionJobStatus: "IN_PROGRESS",
        LanguageCode: input.LanguageCode,
        Media: input.Media,
        MediaFormat: input.MediaFormat,
        Specialty: input.Specialty,
        Type: input.Type,
        CreationTime: new Date(),
        StartTime: new Date(),
      },
    };
    jobs.set(name, entry);
    peak = Math.max(peak, running());
    const outcome = options.outcome({ name, mediaUri });
    options.later(options.durationSeconds({ name, mediaUri }) * 1000, async () => {
      if ("failureReason" in outcome) {
        entry.job = { ...entry.job, TranscriptionJobStatus: "FAILED", FailureReason: outcome.failureReason };
      } else {
        await options.writeTranscript(
          input.OutputBucketName ?? "",
          key,
          outcome.transcript,
          input.OutputEncryptionKMSKeyId,
        );
        entry.job = {
          ...entry.job,
          TranscriptionJobStatus: "COMPLETED",
          Transcript: {
            TranscriptFileUri: `https://s3.${options.region}.amazonaws.com/${input.OutputBucketName}/${key}`,
          },
        };
      }
      entry.job.CompletionTime = new Date();
      entry.ended = true;
    });
    return { MedicalTranscriptionJob: structuredClone(entry.job) };
  });

  standIn(mock, GetMedicalTranscriptionJobCommand, async (input) => {
    const entry = jobs.get(input.MedicalTranscriptionJobName ?? "");
    if (!entry) {
      throw new BadRequestException({
        message: "The requested job couldn't be found. Check the job name and try your request again.",
        $metadata: { httpStatusCode: 400 },
      });
    }
    return { MedicalTranscriptionJob: structuredClone(entry.job) };
  });

  standIn(mock, ListMedicalTranscriptionJobsCommand, async (input) => {
    const contains = input.JobNameContains?.toLowerCase() ?? "";
    const matching = [...jobs.values()]
      .map(({ job }) => job)
      .filter((job) => (job.MedicalTranscriptionJobName ?? "").toLowerCase().includes(contains))
      .filter((job) => !input.Status || job.TranscriptionJobStatus === input.Status)
      .sort((a, b) => (b.CreationTime?.getTime() ?? 0) - (a.CreationTime?.getTime() ?? 0));
    // Transcribe pages five jobs at a time unless asked for up to 100.
    const size = Math.min(input.MaxResults ?? 5, 100);
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = matching.slice(start, start + size);
    return {
      Status: input.Status,
      NextToken: start + size < matching.length ? String(start + size) : undefined,
      MedicalTranscriptionJobSummaries: page.map((job) => ({
        MedicalTranscriptionJobName: job.MedicalTranscriptionJobName,
        CreationTime: job.CreationTime,
        StartTime: job.StartTime,
        CompletionTime: job.CompletionTime,
        LanguageCode: job.LanguageCode,
        TranscriptionJobStatus: job.TranscriptionJobStatus,
        FailureReason: job.FailureReason,
        OutputLocationType: "CUSTOMER_BUCKET",
        Specialty: job.Specialty,
        Type: job.Type,
      })),
    };
  });

  return {
    /** The most jobs that ran at once. */
    get peakConcurrentJobs() {
      return peak;
    },
    /** Jobs refused for the concurrent job quota. */
    get refusedJobs() {
      return refused;
    },
  };
}
