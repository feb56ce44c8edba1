import {
  BadRequestException,
  ConflictException,
  GetMedicalTranscriptionJobCommand,
  type MedicalTranscriptionJob,
  StartMedicalTranscriptionJobCommand,
  type TranscribeClient,
} from "@aws-sdk/client-transcribe";
import { meetingIdOfRecording } from "@medpipe/core/recording";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./stand-in.js";

/** What Transcribe Medical returns for a meeting's recording: the same output for every one, or one per meeting. */
export type TranscribeOutput = Buffer | ((meetingId: string | null) => Buffer);

export interface LocalTranscribeOptions {
  /** What Transcribe Medical would return for the recording (the bundle's transcribe-output.json). */
  output: TranscribeOutput;
  region: string;
  recordingExists: (bucket: string, key: string) => Promise<boolean>;
  writeTranscript: (bucket: string, key: string, body: Buffer, kmsKeyId: string | undefined) => Promise<void>;
}

/**
 * Stands in for Transcribe Medical batch jobs: a job is IN_PROGRESS on its first poll and COMPLETED on the next,
 * having written the bundle's output where the request asked, encrypted with the requested key; starting a
 * job whose name is taken is a ConflictException, as in AWS.
 */
export function installLocalTranscribe(
  mock: AwsClientStub<TranscribeClient>,
  options: LocalTranscribeOptions,
) {
  const jobs = new Map<string, { job: MedicalTranscriptionJob; polls: number }>();

  standIn(mock, StartMedicalTranscriptionJobCommand, async (input) => {
    const name = input.MedicalTranscriptionJobName ?? "";
    if (jobs.has(name))
      throw new ConflictException({ message: "The requested job name already exists.", $metadata: {} });
    const media = new URL(input.Media?.MediaFileUri ?? "s3://missing/");
    if (!(await options.recordingExists(media.hostname, decodeURIComponent(media.pathname.slice(1))))) {
      throw new BadRequestException({
        message: "The URI that you provided doesn't point to an S3 object.",
        $metadata: {},
      });
    }
    const key = input.OutputKey ?? `${name}.json`;
    const mediaKey = decodeURIComponent(media.pathname.slice(1));
    const output =
      typeof options.output === "function" ? options.output(meetingIdOfRecording(mediaKey)) : options.output;
    await options.writeTranscript(input.OutputBucketName ?? "", key, output, input.OutputEncryptionKMSKeyId);
    const job: MedicalTranscriptionJob = {
      MedicalTranscriptionJobName: name,
      TranscriptionJobStatus: "IN_PROGRESS",
      LanguageCode: input.LanguageCode,
      Media: input.Media,
      Specialty: input.Specialty,
      Type: input.Type,
      CreationTime: new Date(),
      Transcript: {
        TranscriptFileUri: `https://s3.${options.region}.amazonaws.com/${input.OutputBucketName}/${key}`,
      },
    };
    jobs.set(name, { job, polls: 0 });
    return { MedicalTranscriptionJob: { ...job, Transcript: undefined } };
  });

  standIn(mock, GetMedicalTranscriptionJobCommand, async (input) => {
    const entry = jobs.get(input.MedicalTranscriptionJobName ?? "");
    if (!entry)
      throw new BadRequestException({ message: "The requested job couldn't be found.", $metadata: {} });
    entry.polls++;
    if (entry.polls >= 2 && entry.job.TranscriptionJobStatus === "IN_PROGRESS") {
      entry.job = { ...entry.job, TranscriptionJobStatus: "COMPLETED", CompletionTime: new Date() };
    }
    const { job } = entry;
    return {
      MedicalTranscriptionJob:
        job.TranscriptionJobStatus === "COMPLETED" ? job : { ...job, Transcript: undefined },
    };
  });
}
