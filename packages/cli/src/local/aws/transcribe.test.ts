import {
  GetMedicalTranscriptionJobCommand,
  ListMedicalTranscriptionJobsCommand,
  type MedicalTranscriptionJob,
  StartMedicalTranscriptionJobCommand,
  TranscribeClient,
} from "@aws-sdk/client-transcribe";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../virtual-clock.js";
import { installLocalTranscribe, type JobOutcome } from "./transcribe.js";

const START = new Date("2026-03-02T09:00:00Z");
const KEY = "arn:aws:kms:eu-west-1:000000000000:key/0f6f6e57-4a5e-4b8e-9d3e-2c1f6a7b8c9d";
const RECORDING = "s3://recordings/concatenated/m/audio.mp4";

describe("the local Transcribe Medical", () => {
  let mock: AwsClientStub<TranscribeClient>;
  let clock: VirtualClock;
  let written: { bucket: string; key: string; body: string; kmsKeyId: string | undefined; at: number }[];
  let outcome: (name: string) => JobOutcome;
  const transcribe = new TranscribeClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "x", secretAccessKey: "y" },
  });

  const startJob = (name: string, mediaUri = RECORDING) =>
    transcribe.send(
      new StartMedicalTranscriptionJobCommand({
        MedicalTranscriptionJobName: name,
        LanguageCode: "en-US",
        Media: { MediaFileUri: mediaUri },
        OutputBucketName: "transcripts",
        OutputKey: `medical/${name}.json`,
        OutputEncryptionKMSKeyId: KEY,
        Specialty: "PRIMARYCARE",
        Type: "CONVERSATION",
      }),
    );
  const job = async (name: string) =>
    (await transcribe.send(new GetMedicalTranscriptionJobCommand({ MedicalTranscriptionJobName: name })))
      .MedicalTranscriptionJob as MedicalTranscriptionJob;
  /** Runs `steps` on the virtual clock, each at its second after the start, and waits for them all. */
  const timeline = async (steps: [number, () => Promise<unknown>][]) => {
    const results: unknown[] = [];
    let left = steps.length;
    await clock.run({
      start: () => {
        steps.forEach(([second, step], i) => {
          setTimeout(() => {
            step().then(
              (result) => {
                results[i] = result;
                left--;
              },
              (error: unknown) => {
                results[i] = error;
                left--;
              },
            );
          }, second * 1000);
        });
      },
      done: () => left === 0,
    });
    return results;
  };

  beforeEach(() => {
    mock?.restore();
    mock = mockClient(TranscribeClient);
    clock = new VirtualClock(START);
    written = [];
    outcome = () => ({ transcript: Buffer.from('{"results":{}}') });
    installLocalTranscribe(mock, {
      region: "eu-west-1",
      durationSeconds: () => 120,
      outcome: ({ name }) => outcome(name),
      concurrentJobs: 2,
      recordingExists: async (bucket, key) => `s3://${bucket}/${key}` === RECORDING,
      writeTranscript: async (bucket, key, body, kmsKeyId) =>
        void written.push({ bucket, key, body: body.toString(), kmsKeyId, at: Date.now() - START.getTime() }),
      later: (ms, work) => void setTimeout(() => void work(), ms),
    });
  });
  afterAll(() => mock.restore());

  it("runs a job for its virtual duration, then completes it with the transcript where the request asked, under its key", async () => {
    const [started, during, after] = (await timeline([
      [0, () => startJob("job-1")],
      [119, () => job("job-1")],
      [121, () => job("job-1")],
    ])) as [
      { MedicalTranscriptionJob: MedicalTranscriptionJob },
      MedicalTranscriptionJob,
      MedicalTranscriptionJob,
    ];
    expect(started.MedicalTranscriptionJob).toMatchObject({
      TranscriptionJobStatus: "IN_PROGRESS",
      CreationTime: START,
    });
    expect(during.TranscriptionJobStatus).toBe("IN_PROGRESS");
    expect(after).toMatchObject({
      TranscriptionJobStatus: "COMPLETED",
      CompletionTime: new Date(START.getTime() + 120_000),
      Transcript: { TranscriptFileUri: "https://s3.eu-west-1.amazonaws.com/transcripts/medical/job-1.json" },
    });
    expect(written).toEqual([
      {
        bucket: "transcripts",
        key: "medical/job-1.json",
        body: '{"results":{}}',
        kmsKeyId: KEY,
        at: 120_000,
      },
    ]);
  });

  it("fails a job whose outcome is a failure, with its FailureReason and no transcript", async () => {
    outcome = () => ({
      failureReason: "The media format provided does not match the detected media format.",
    });
    const [, ended] = (await timeline([
      [0, () => startJob("job-1")],
      [121, () => job("job-1")],
    ])) as [unknown, MedicalTranscriptionJob];
    expect(ended).toMatchObject({
      TranscriptionJobStatus: "FAILED",
      FailureReason: "The media format provided does not match the detected media format.",
    });
    expect(ended.Transcript).toBeUndefined();
    expect(written).toEqual([]);
  });

  it("refuses a job past the concurrent-job quota with LimitExceededException, and takes one once a job has ended", async () => {
    const [, , third, fourth] = await timeline([
      [0, () => startJob("job-1")],
      [1, () => startJob("job-2")],
      [2, () => startJob("job-3")],
      [121, () => startJob("job-4")],
    ]);
    expect(third).toMatchObject({ name: "LimitExceededException", $metadata: { httpStatusCode: 400 } });
    expect(fourth).toMatchObject({ MedicalTranscriptionJob: { TranscriptionJobStatus: "IN_PROGRESS" } });
  });

  it("refuses a job name already used, even by a job that has ended, with ConflictException", async () => {
    const [, running, ended] = await timeline([
      [0, () => startJob("job-1")],
      [1, () => startJob("job-1")],
      [200, () => startJob("job-1")],
    ]);
    expect(running).toMatchObject({ name: "ConflictException" });
    expect(ended).toMatchObject({ name: "ConflictException" });
  });

  it("refuses media that is not an S3 object, and answers BadRequestException for a job it does not know", async () => {
    const [missing, unknown] = await timeline([
      [0, () => startJob("job-1", "s3://recordings/concatenated/m/none.mp4")],
      [0, () => job("no-such-job")],
    ]);
    expect(missing).toMatchObject({ name: "BadRequestException" });
    expect(unknown).toMatchObject({ name: "BadRequestException" });
  });

  // ListMedicalTranscriptionJobs: newest first, JobNameContains not case sensitive, 5 a page unless MaxResults says
  // otherwise (Transcribe API reference).
  it("lists jobs newest first, by status and name (case aside), five a page with a NextToken", async () => {
    const names = [
      "meeting-a-1",
      "meeting-a-2",
      "meeting-b-1",
      "Meeting-A-3",
      "meeting-a-4",
      "meeting-a-5",
      "meeting-a-6",
    ];
    mock.restore();
    mock = mockClient(TranscribeClient);
    installLocalTranscribe(mock, {
      region: "eu-west-1",
      durationSeconds: ({ name }) => (name.endsWith("-1") ? 10 : 1000),
      outcome: ({ name }) =>
        name === "meeting-b-1" ? { failureReason: "x" } : { transcript: Buffer.from("{}") },
      concurrentJobs: 100,
      recordingExists: async () => true,
      writeTranscript: async () => {},
      later: (ms, work) => void setTimeout(() => void work(), ms),
    });
    // Started a second apart; at 60 s the "-1" jobs have ended (meeting-b-1 FAILED), the others run.
    await timeline([
      ...names.map((name, i) => [i, () => startJob(name)] as [number, () => Promise<unknown>]),
      [60, async () => {}],
    ]);
    const list = (input: Record<string, unknown>) =>
      transcribe.send(new ListMedicalTranscriptionJobsCommand(input));
    const namesOf = (page: Awaited<ReturnType<typeof list>>) =>
      page.MedicalTranscriptionJobSummaries?.map((s) => s.MedicalTranscriptionJobName);
    const first = await list({});
    expect(namesOf(first)).toEqual([...names].reverse().slice(0, 5));
    const second = await list({ NextToken: first.NextToken });
    expect(namesOf(second)).toEqual(["meeting-a-2", "meeting-a-1"]);
    expect(second.NextToken).toBeUndefined();
    expect((await list({ Status: "FAILED" })).MedicalTranscriptionJobSummaries).toEqual([
      expect.objectContaining({
        MedicalTranscriptionJobName: "meeting-b-1",
        TranscriptionJobStatus: "FAILED",
        FailureReason: "x",
      }),
    ]);
    expect(namesOf(await list({ JobNameContains: "MEETING-A", MaxResults: 100 }))).toEqual([
      "meeting-a-6",
      "meeting-a-5",
      "meeting-a-4",
      "Meeting-A-3",
      "meeting-a-2",
      "meeting-a-1",
    ]);
  });
});
