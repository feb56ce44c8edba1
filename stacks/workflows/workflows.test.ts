import {
  CreateMediaCapturePipelineCommand,
  GetMediaCapturePipelineCommand,
} from "@aws-sdk/client-chime-sdk-media-pipelines";
import { DetectEntitiesV2Command } from "@aws-sdk/client-comprehendmedical";
import { HeadObjectCommand, NotFound } from "@aws-sdk/client-s3";
import { GetMedicalTranscriptionJobCommand } from "@aws-sdk/client-transcribe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consultBundle } from "../../packages/cli/src/consult/bundle.js";
import { answerOnce, faultOnce } from "../../packages/cli/src/local/aws/stand-in.js";
import type { ExecutionRecord } from "../../packages/cli/src/local/executions.js";
import type { LocalPipeline } from "../../packages/cli/src/local/pipeline.js";
import { type Rig, startRig } from "../../packages/cli/src/local/rig.fixture.js";

const consult = consultBundle({ minutes: 3, seed: 7, startedAt: new Date("2026-03-02T09:00:00Z") });
const events = Object.entries(consult.events)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, event]) => event as unknown as Record<string, unknown>);
type Event = Record<string, unknown>;
const [started, joinedClinician, joinedPatient, leftPatient, leftClinician, ended] = events as [
  Event,
  Event,
  Event,
  Event,
  Event,
  Event,
];
const meetingId = (started.detail as { meetingId: string }).meetingId;

const ran = (pipeline: LocalPipeline, workflow: string) =>
  pipeline.executions.filter((e) => e.workflow === workflow);
const only = (executions: ExecutionRecord[]) => {
  expect(executions).toHaveLength(1);
  return executions[0] as ExecutionRecord;
};
const throttled = () =>
  Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: {} });

async function deliver(pipeline: LocalPipeline, ...toDeliver: unknown[]) {
  for (const event of toDeliver) {
    pipeline.deliver(event);
    await pipeline.drain();
  }
}

describe("the workflows, synthesized from the stacks and run with the real handlers", () => {
  let rig: Rig;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig.stop());
  beforeEach(async () => {
    await rig.reset();
    pipeline = await rig.pipeline(consult.transcribeOutput);
  });

  it("record a whole consult: capture, attendance, concatenation, transcription, entities", async () => {
    await deliver(pipeline, ...events);
    expect(pipeline.executions.every((e) => e.status === "SUCCEEDED")).toBe(true);
    const transcription = only(ran(pipeline, "transcription"));
    expect(transcription.path).toEqual([
      "VerifyRecording",
      "Claimed?",
      "StartTranscription",
      "WaitForTranscript",
      "CheckTranscription",
      "TranscriptReady?",
      "WaitForTranscript",
      "CheckTranscription",
      "TranscriptReady?",
      "ExtractEntities",
      "PostResults",
      "Done",
    ]);
    const results = await rig.results();
    expect(results.meetings).toEqual([
      expect.objectContaining({
        id: meetingId,
        end_reason: "ended",
        started_at: expect.any(String),
        ended_at: expect.any(String),
      }),
    ]);
    expect(results.attendance).toHaveLength(4);
    expect(results.recordings).toEqual([
      expect.objectContaining({
        meeting_id: meetingId,
        bucket: "recordings",
        retain_until: expect.stringMatching(/^2033-03-02/),
      }),
    ]);
    expect(results.transcripts).toHaveLength(1);
    expect(results.entities?.length).toBeGreaterThan(0);
    const runs = await rig.runLog();
    expect(runs.every((run) => run.status === "succeeded" && run.meeting_id === meetingId)).toBe(true);
    expect(runs.map((run) => run.workflow)).toContain("transcription");
  });

  it("start the capture on MeetingStarted and finish the recording on MeetingEnded after polling the capture", async () => {
    answerOnce(pipeline.aws.chime, GetMediaCapturePipelineCommand, {
      MediaCapturePipeline: { Status: "Stopping" },
    });
    await deliver(pipeline, started, ended);
    const [start, end] = ran(pipeline, "meeting-lifecycle") as [ExecutionRecord, ExecutionRecord];
    expect(start.path).toEqual(["WhichEvent?", "StartRecording", "FinishRecording?", "Done"]);
    expect(end.path).toEqual([
      "WhichEvent?",
      "EndMeeting",
      "FinishRecording?",
      "StopCapture",
      "WaitForCapture",
      "CheckCapture",
      "CaptureStopped?",
      "WaitForCapture",
      "CheckCapture",
      "CaptureStopped?",
      "StartConcatenation",
      "Done",
    ]);
  });

  it("finish the recording from MeetingStarted when MeetingEnded arrived first", async () => {
    await deliver(pipeline, ended, started);
    const [end, start] = ran(pipeline, "meeting-lifecycle") as [ExecutionRecord, ExecutionRecord];
    expect(end.path).toEqual(["WhichEvent?", "EndMeeting", "FinishRecording?", "Done"]);
    expect(start.path).toContain("StartConcatenation");
    expect(only(ran(pipeline, "transcription")).status).toBe("SUCCEEDED");
  });

  it("let a duplicate delivery end at Duplicate, while a replay of the same event runs again", async () => {
    await deliver(pipeline, started, started, { ...started, "replay-name": "after-fix" });
    const [first, duplicate, replay] = ran(pipeline, "meeting-lifecycle") as ExecutionRecord[];
    expect(first?.path).toContain("StartRecording");
    expect(duplicate?.path).toEqual(["WhichEvent?", "StartRecording", "FinishRecording?", "Duplicate"]);
    expect(replay?.path).toContain("StartRecording");
    expect(pipeline.aws.chime.commandCalls(CreateMediaCapturePipelineCommand)).toHaveLength(1);
    const attendance = await (async () => {
      await deliver(pipeline, joinedClinician, joinedClinician);
      return ran(pipeline, "attendance").map((e) => e.status);
    })();
    expect(attendance).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect((await rig.results()).attendance).toHaveLength(1);
  });

  it("close a meeting on the closer's Meeting Timed Out as if it had ended", async () => {
    const timedOut = {
      ...ended,
      id: "0b5a3f7e-8c1d-4e2f-9a6b-7c8d9e0f1a2b",
      source: "medpipe",
      "detail-type": "Meeting Timed Out",
      detail: { meetingId, startedAt: "2026-03-02T09:00:00Z", timestamp: Date.parse("2026-03-03T09:00:00Z") },
    };
    await deliver(pipeline, started, timedOut);
    expect(ran(pipeline, "meeting-lifecycle").map((e) => e.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect((await rig.results()).meetings).toEqual([expect.objectContaining({ end_reason: "timed-out" })]);
  });

  it("retry a throttled Chime call in the state machine, and throttled Comprehend calls in the extractor", async () => {
    faultOnce(pipeline.aws.chime, CreateMediaCapturePipelineCommand, throttled());
    faultOnce(pipeline.aws.comprehend as never, DetectEntitiesV2Command, throttled());
    await deliver(pipeline, started, ended);
    expect(pipeline.executions.every((e) => e.status === "SUCCEEDED")).toBe(true);
    expect(ran(pipeline, "meeting-lifecycle")[0]?.path.filter((s) => s === "StartRecording")).toHaveLength(1);
    expect(pipeline.aws.chime.commandCalls(CreateMediaCapturePipelineCommand)).toHaveLength(2);
    expect(pipeline.aws.comprehend?.commandCalls(DetectEntitiesV2Command).length).toBeGreaterThan(1);
  });

  it("fail the transcription visibly with the job's reason, and log it in the run log", async () => {
    pipeline.aws.transcribe.on(GetMedicalTranscriptionJobCommand).resolves({
      MedicalTranscriptionJob: {
        MedicalTranscriptionJobName: "job",
        TranscriptionJobStatus: "FAILED",
        FailureReason: "The media format provided does not match the detected media format.",
      },
    });
    await deliver(pipeline, started, ended);
    const transcription = only(ran(pipeline, "transcription"));
    expect(transcription).toMatchObject({ status: "FAILED", error: "TranscriptionFailedError" });
    expect(transcription.path.slice(-3)).toEqual(["CheckTranscriptionFailed", "RecordFailure", "Failed"]);
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({
        workflow: "transcription",
        status: "failed",
        step: "CheckTranscription",
        error: "TranscriptionFailedError",
        cause: expect.stringContaining("does not match the detected media format"),
      }),
    );
    expect((await rig.results()).transcripts).toEqual([]);
  });

  it("retry a recording that is not there yet, then fail with RecordingNotFoundError", async () => {
    pipeline.aws.s3.on(HeadObjectCommand).rejects(new NotFound({ message: "Not Found", $metadata: {} }));
    await deliver(pipeline, started, ended);
    const transcription = only(ran(pipeline, "transcription"));
    expect(transcription).toMatchObject({ status: "FAILED", error: "RecordingNotFoundError" });
    expect(pipeline.aws.s3.commandCalls(HeadObjectCommand)).toHaveLength(9);
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({ workflow: "transcription", status: "failed", step: "VerifyRecording" }),
    );
  });

  it("refuse a recording encrypted with another key, without retrying", async () => {
    pipeline.aws.s3.on(HeadObjectCommand).resolves({
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: "arn:aws:kms:eu-west-1:000000000000:key/someone-else",
    });
    await deliver(pipeline, started, ended);
    expect(only(ran(pipeline, "transcription"))).toMatchObject({
      status: "FAILED",
      error: "RecordingNotEncryptedError",
    });
    expect(pipeline.aws.s3.commandCalls(HeadObjectCommand)).toHaveLength(1);
  });

  it("reject an event that matches a rule but breaks its contract, naming the field in the run log", async () => {
    const broken = { ...started, detail: { ...(started.detail as object), meetingId: "not-a-meeting-id" } };
    await deliver(pipeline, broken);
    const execution = only(ran(pipeline, "meeting-lifecycle"));
    expect(execution).toMatchObject({ status: "FAILED", error: "InvalidEventError" });
    expect(execution.path).toEqual([
      "WhichEvent?",
      "StartRecording",
      "StartRecordingFailed",
      "RecordFailure",
      "Failed",
    ]);
    expect(await rig.runLog()).toEqual([
      expect.objectContaining({
        status: "failed",
        step: "StartRecording",
        meeting_id: null,
        cause: expect.stringContaining("detail.meetingId"),
      }),
    ]);
  });

  it("record media pipeline states, ignore unknown pipelines and fail visibly on a permanent failure", async () => {
    await deliver(pipeline, started);
    const capture = (await rig.results()).mediaPipelines?.[0] as { kind: string };
    expect(capture.kind).toBe("capture");
    // Later than the stand-in's own InProgress event: the sink keeps a pipeline's newest status.
    const later = new Date(Date.now() + 60_000);
    const stateChange = (mediaPipelineId: string, eventType: string, id: string) => ({
      version: "0",
      id,
      "detail-type": "Chime Media Pipeline State Change",
      source: "aws.chime",
      account: "000000000000",
      time: later.toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: "eu-central-1",
      resources: [],
      detail: { version: "0", eventType, timestamp: later.getTime(), meetingId, mediaPipelineId },
    });
    const { MediaCapturePipeline } = (await pipeline.aws.chime.commandCalls(
      CreateMediaCapturePipelineCommand,
    )[0]?.returnValue) as { MediaCapturePipeline: { MediaPipelineId: string } };
    await deliver(
      pipeline,
      stateChange(
        "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
        "chime:MediaPipelineInProgress",
        "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
      ),
      stateChange(
        MediaCapturePipeline.MediaPipelineId,
        "chime:MediaPipelinePermanentFailure",
        "2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e",
      ),
    );
    const [, unknown, failure] = ran(pipeline, "media-pipeline") as ExecutionRecord[];
    expect(unknown?.status).toBe("SUCCEEDED");
    expect(failure).toMatchObject({
      status: "FAILED",
      error: "MediaPipelineFailedError",
      path: ["TrackMediaPipeline", "TrackMediaPipelineFailed", "RecordFailure", "Failed"],
    });
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({
        workflow: "media-pipeline",
        status: "failed",
        step: "TrackMediaPipeline",
        cause: expect.stringContaining("failed permanently"),
      }),
    );
    expect((await rig.results()).mediaPipelines).toEqual([
      expect.objectContaining({ status: "PermanentFailure" }),
    ]);
  });

  it("ignore the events no rule consumes", async () => {
    const added = {
      ...joinedPatient,
      detail: { ...(joinedPatient.detail as object), eventType: "chime:AttendeeAdded" },
    };
    await deliver(pipeline, added, leftPatient, leftClinician);
    expect(pipeline.executions.map((e) => e.workflow)).toEqual(["attendance", "attendance"]);
  });
});
