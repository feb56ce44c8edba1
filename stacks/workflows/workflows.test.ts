import { CreateMediaCapturePipelineCommand } from "@aws-sdk/client-chime-sdk-media-pipelines";
import { DetectEntitiesV2Command, InvalidRequestException } from "@aws-sdk/client-comprehendmedical";
import { HeadObjectCommand, NotFound } from "@aws-sdk/client-s3";
import { firstPollDelaySeconds } from "@medpipe/core/transcript";
import { faultOnce, faultUntilFixed, serviceError } from "@medpipe/testing/faults";
import { deliverInTurn, executionsOf, type Rig, startRig } from "@medpipe/testing/rig";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consultBundle } from "../../packages/cli/src/consult/bundle.js";
import type { LocalPipeline } from "../../packages/cli/src/local/pipeline.js";
import type { ExecutionRecord } from "../../packages/cli/src/local/step-functions.js";

const consult = consultBundle({ minutes: 3, seed: 7, startedAt: new Date("2026-03-02T09:00:00Z") });
type Event = Record<string, unknown> & { detail: Record<string, unknown> };
const events = Object.entries(consult.events)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, event]) => event as unknown as Event);
const [started, joinedClinician, joinedPatient, leftPatient, leftClinician, ended] = events as [
  Event,
  Event,
  Event,
  Event,
  Event,
  Event,
];
const meetingId = started.detail.meetingId as string;

const only = (executions: ExecutionRecord[]) => {
  expect(executions).toHaveLength(1);
  return executions[0] as ExecutionRecord;
};
/** When each state of an execution was entered, in virtual time. */
const entered = (execution: ExecutionRecord) =>
  execution.history.flatMap((event) =>
    event.stateEnteredEventDetails?.name
      ? [{ state: event.stateEnteredEventDetails.name, at: new Date(event.timestamp as Date).getTime() }]
      : [],
  );
const secondsBetween = (a: number, b: number) => (b - a) / 1000;

describe("the workflows, synthesized from the stacks and run with the real handlers", () => {
  let rig: Rig;
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig.stop());
  beforeEach(async () => {
    await rig.reset();
    pipeline = await rig.pipeline({ transcript: consult.transcribeOutput });
  });

  it("record a whole consult: capture, attendance, concatenation, transcription, entities", async () => {
    await deliverInTurn(pipeline, ...events);
    expect(
      pipeline.executions.map((e) => [e.workflow, e.status]).filter(([, s]) => s !== "SUCCEEDED"),
    ).toEqual([]);
    const [start, end] = executionsOf(pipeline, "meeting-lifecycle") as [ExecutionRecord, ExecutionRecord];
    expect(start.path).toEqual(["WhichEvent?", "StartRecording", "Started?", "Done"]);
    expect(end.path).toEqual(["WhichEvent?", "EndMeeting", "Ended?", "Done"]);
    const transcription = only(executionsOf(pipeline, "transcription"));
    expect(transcription.path.slice(0, 4)).toEqual([
      "VerifyRecording",
      "Claimed?",
      "TranscribeRecording",
      "TranscriptReady?",
    ]);
    expect(transcription.path.slice(-4)).toEqual(["ExtractEntities", "Extracted?", "PostResults", "Done"]);
    const results = await rig.results();
    expect(results.meetings).toEqual([
      expect.objectContaining({ id: meetingId, end_reason: "ended", started_at: expect.any(String) }),
    ]);
    expect(results.attendance).toHaveLength(4);
    expect(results.mediaPipelines.map((p) => p.kind).sort()).toEqual(["capture", "concatenation"]);
    expect(results.transcripts).toHaveLength(1);
    expect(results.entities.length).toBeGreaterThan(0);
    const runs = await rig.runLog();
    expect(runs.every((run) => run.status === "succeeded" && run.meeting_id === meetingId)).toBe(true);
  });

  it("wait out a ten-minute Transcribe job on the virtual clock, each poll a Wait of the poll interval", async () => {
    pipeline = await rig.pipeline({ transcript: consult.transcribeOutput, transcribeSeconds: () => 600 });
    await deliverInTurn(pipeline, started, ended);
    const transcription = only(executionsOf(pipeline, "transcription"));
    expect(transcription.status).toBe("SUCCEEDED");
    const waits = entered(transcription).filter((e) => e.state === "WaitForTranscript");
    const polls = entered(transcription).filter((e) => e.state === "TranscribeRecording");
    // The first wait is a fifth of the 3-minute recording, the next ones the 30 s poll interval; the job
    // completes 600 s after it started, which the next poll sees.
    expect(waits.map((wait, i) => secondsBetween(wait.at, (polls[i + 1] as { at: number }).at))).toEqual([
      firstPollDelaySeconds(180, 30),
      ...Array(waits.length - 1).fill(30),
    ]);
    const started_ = polls[0]?.at ?? 0;
    const completedAt = polls.at(-1)?.at ?? 0;
    expect(secondsBetween(started_, completedAt)).toBeGreaterThanOrEqual(600);
    expect(secondsBetween(started_, completedAt)).toBeLessThan(600 + 31);
  });

  it("let a duplicate delivery end at Duplicate, while a replay of the same event runs again", async () => {
    await deliverInTurn(pipeline, started, started, { ...started, "replay-name": "after-fix" });
    const [first, duplicate, replay] = executionsOf(pipeline, "meeting-lifecycle");
    expect(first?.path).toEqual(["WhichEvent?", "StartRecording", "Started?", "Done"]);
    expect(duplicate?.path).toEqual(["WhichEvent?", "StartRecording", "Started?", "Duplicate"]);
    expect(replay?.path).toEqual(["WhichEvent?", "StartRecording", "Started?", "Done"]);
    // The replay ran again, and found the capture it would start already recorded.
    expect(pipeline.aws.chime.commandCalls(CreateMediaCapturePipelineCommand)).toHaveLength(1);
    expect((await rig.results()).mediaPipelines).toHaveLength(1);
    await deliverInTurn(pipeline, joinedClinician, joinedClinician);
    expect(executionsOf(pipeline, "attendance").map((e) => e.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect((await rig.results()).attendance).toHaveLength(1);
  });

  it("record nothing for a meeting whose end was handled before its start, and say so in the run log", async () => {
    await deliverInTurn(pipeline, ended, { ...started, time: ended.time });
    expect(executionsOf(pipeline, "meeting-lifecycle").map((e) => e.status)).toEqual([
      "SUCCEEDED",
      "SUCCEEDED",
    ]);
    expect(pipeline.aws.chime.commandCalls(CreateMediaCapturePipelineCommand)).toHaveLength(0);
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({
        idempotency_key: started.id,
        status: "succeeded",
        note: "not recorded: meeting-ended",
      }),
    );
    expect(executionsOf(pipeline, "transcription")).toEqual([]);
  });

  it("start the concatenation from whichever of start and end is handled second, once", async () => {
    await deliverInTurn(pipeline, { ...ended, time: started.time }, started);
    // The start, handled after the end was recorded, finds the meeting over: Chime would refuse the capture.
    expect(pipeline.aws.chime.commandCalls(CreateMediaCapturePipelineCommand)).toHaveLength(0);
    await rig.reset();
    pipeline = await rig.pipeline({ transcript: consult.transcribeOutput });
    pipeline.deliver(started, { at: "now" });
    pipeline.deliver(ended, { at: "now" });
    await pipeline.drain();
    expect(executionsOf(pipeline, "meeting-lifecycle").every((e) => e.status === "SUCCEEDED")).toBe(true);
    const kinds = (await rig.results()).mediaPipelines.map((p) => p.kind).sort();
    expect(kinds.filter((kind) => kind === "concatenation").length).toBeLessThanOrEqual(1);
  });

  it("close a meeting on the closer's Meeting Timed Out, stopping its capture so that it is concatenated", async () => {
    const timedOut = {
      version: "0",
      id: "0b5a3f7e-8c1d-4e2f-9a6b-7c8d9e0f1a2b",
      source: "medpipe",
      "detail-type": "Meeting Timed Out",
      account: "000000000000",
      time: "2026-03-02T10:00:00Z",
      region: "eu-west-1",
      resources: [],
      detail: { meetingId, startedAt: "2026-03-02T09:00:00Z", timestamp: Date.parse("2026-03-02T10:00:00Z") },
    };
    await deliverInTurn(pipeline, started, timedOut);
    expect(executionsOf(pipeline, "meeting-lifecycle").map((e) => e.status)).toEqual([
      "SUCCEEDED",
      "SUCCEEDED",
    ]);
    expect((await rig.results()).meetings).toEqual([expect.objectContaining({ end_reason: "timed-out" })]);
    expect(only(executionsOf(pipeline, "transcription")).status).toBe("SUCCEEDED");
  });

  it("fail a meeting hosted in another region than the recordings bucket visibly, with the reason", async () => {
    const elsewhere = { ...started, detail: { ...started.detail, mediaRegion: "us-east-1" } };
    await deliverInTurn(pipeline, elsewhere);
    expect(only(executionsOf(pipeline, "meeting-lifecycle"))).toMatchObject({
      status: "FAILED",
      failedState: "StartRecording",
      error: "MediaRegionMismatchError",
    });
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({
        status: "failed",
        step: "StartRecording",
        error: "MediaRegionMismatchError",
        cause: expect.stringContaining("hosted in us-east-1"),
      }),
    );
  });

  it("retry a throttled Chime call in the state machine, and throttled Comprehend calls in the extractor", async () => {
    faultOnce(
      pipeline.aws.chime,
      CreateMediaCapturePipelineCommand,
      serviceError("ThrottledClientException", 429)(),
    );
    faultOnce(
      pipeline.aws.comprehend as never,
      DetectEntitiesV2Command,
      serviceError("TooManyRequestsException", 400)(),
    );
    await deliverInTurn(pipeline, started, ended);
    expect(pipeline.executions.every((e) => e.status === "SUCCEEDED")).toBe(true);
    expect(pipeline.aws.chime.commandCalls(CreateMediaCapturePipelineCommand)).toHaveLength(2);
    expect(pipeline.aws.comprehend?.commandCalls(DetectEntitiesV2Command).length).toBeGreaterThan(1);
  });

  it("keep Comprehend throttling that outlasts the extractor's retries retryable for the state", async () => {
    faultOnce(
      pipeline.aws.comprehend as never,
      DetectEntitiesV2Command,
      serviceError("TooManyRequestsException", 400)(),
      8,
    );
    await deliverInTurn(pipeline, started, ended);
    const transcription = only(executionsOf(pipeline, "transcription"));
    expect(transcription.status).toBe("SUCCEEDED");
    expect(
      transcription.history.map((e) => e.lambdaFunctionFailedEventDetails?.error).filter(Boolean),
    ).toEqual(["ComprehendThrottledError"]);
  });

  it("fail a transcription whose job FAILED at that job, and start a new job on a redrive", async () => {
    let jobs = 0;
    pipeline = await rig.pipeline({
      transcript: consult.transcribeOutput,
      transcribeOutcome: () =>
        ++jobs === 1 ? { failureReason: "The media format provided does not match." } : null,
    });
    await deliverInTurn(pipeline, started, ended);
    const failed = only(executionsOf(pipeline, "transcription"));
    expect(failed).toMatchObject({
      status: "FAILED",
      failedState: "TranscribeRecording",
      error: "TranscriptionFailedError",
    });
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({
        workflow: "transcription",
        status: "failed",
        step: "TranscribeRecording",
        error: "TranscriptionFailedError",
        cause: expect.stringContaining("does not match"),
      }),
    );
    const redriven = await pipeline.redrive(failed.name);
    await pipeline.drain();
    expect(redriven).toMatchObject({ status: "SUCCEEDED", redriveCount: 1 });
    expect(jobs).toBe(2);
    expect((await rig.results()).transcripts).toHaveLength(1);
  });

  it("start a new job when a transcription whose job FAILED is replayed", async () => {
    let jobs = 0;
    pipeline = await rig.pipeline({
      transcript: consult.transcribeOutput,
      transcribeOutcome: () => (++jobs === 1 ? { failureReason: "Internal failure" } : null),
    });
    await deliverInTurn(pipeline, started, ended);
    const recordingEvent = only(executionsOf(pipeline, "transcription")).input as Event;
    await deliverInTurn(pipeline, { ...recordingEvent, "replay-name": "medpipe-test-1" });
    expect(executionsOf(pipeline, "transcription").map((e) => e.status)).toEqual(["FAILED", "SUCCEEDED"]);
    expect(jobs).toBe(2);
  });

  it("resume a redriven execution at the task that failed, after the fix, without duplicating a row", async () => {
    const broken = faultUntilFixed(
      pipeline.aws.comprehend as never,
      DetectEntitiesV2Command,
      () =>
        new InvalidRequestException({
          message: "The security token included in the request is invalid.",
          $metadata: {},
        }),
    );
    await deliverInTurn(pipeline, ...events);
    const failed = only(executionsOf(pipeline, "transcription"));
    expect(failed).toMatchObject({ status: "FAILED", failedState: "ExtractEntities" });
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({ workflow: "transcription", status: "failed", step: "ExtractEntities" }),
    );
    broken.fix();
    const transcribing = failed.path.filter((state) => state === "TranscribeRecording").length;
    const redriven = await pipeline.redrive(failed.name);
    await pipeline.drain();
    expect(redriven.status).toBe("SUCCEEDED");
    const redriveAt = redriven.history.findIndex((event) => event.type === "ExecutionRedriven");
    expect(redriven.history[redriveAt + 1]?.stateEnteredEventDetails?.name).toBe("ExtractEntities");
    expect(redriven.path.filter((state) => state === "TranscribeRecording").length).toBe(transcribing);
    const results = await rig.results();
    expect(results.transcripts).toHaveLength(1);
    const clean = results;
    await pipeline
      .redrive(failed.name)
      .catch((error: Error) => expect(error.name).toBe("ExecutionNotRedrivable"));
    expect(await rig.results()).toEqual(clean);
    expect((await rig.runLog()).filter((run) => run.workflow === "transcription")).toEqual([
      expect.objectContaining({ status: "succeeded" }),
    ]);
  });

  it("retry a HeadObject S3 throttled, which the SDK can only name Unknown (a HEAD has no body)", async () => {
    faultOnce(pipeline.aws.s3, HeadObjectCommand, serviceError("SlowDown", 503)(), 2);
    await deliverInTurn(pipeline, started, ended);
    const transcription = only(executionsOf(pipeline, "transcription"));
    expect(transcription.status).toBe("SUCCEEDED");
    expect(
      transcription.history.map((e) => e.lambdaFunctionFailedEventDetails?.error).filter(Boolean),
    ).toEqual(["RecordingUnavailableError", "RecordingUnavailableError"]);
  });

  it("fail at a recording that is not in the bucket, without retrying a permanent cause", async () => {
    pipeline.aws.s3.on(HeadObjectCommand).rejects(new NotFound({ message: "Not Found", $metadata: {} }));
    await deliverInTurn(pipeline, started, ended);
    expect(only(executionsOf(pipeline, "transcription"))).toMatchObject({
      status: "FAILED",
      error: "RecordingNotFoundError",
    });
    expect(pipeline.aws.s3.commandCalls(HeadObjectCommand)).toHaveLength(1);
  });

  it("refuse a recording encrypted with another key, without retrying", async () => {
    pipeline.aws.s3.on(HeadObjectCommand).resolves({
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: "arn:aws:kms:eu-west-1:000000000000:key/someone-else",
    });
    await deliverInTurn(pipeline, started, ended);
    expect(only(executionsOf(pipeline, "transcription"))).toMatchObject({
      status: "FAILED",
      error: "RecordingNotEncryptedError",
    });
    expect(pipeline.aws.s3.commandCalls(HeadObjectCommand)).toHaveLength(1);
  });

  it("reject an event that matches a rule but breaks its contract, naming the field in the run log", async () => {
    const broken = { ...started, detail: { ...started.detail, meetingId: "not-a-meeting-id" } };
    await deliverInTurn(pipeline, broken);
    const execution = only(executionsOf(pipeline, "meeting-lifecycle"));
    expect(execution).toMatchObject({
      status: "FAILED",
      error: "InvalidEventError",
      failedState: "StartRecording",
    });
    expect(execution.path).toEqual(["WhichEvent?", "StartRecording"]);
    expect(await rig.runLog()).toEqual([
      expect.objectContaining({
        status: "failed",
        step: "StartRecording",
        meeting_id: null,
        cause: expect.stringContaining("detail.meetingId"),
      }),
    ]);
  });

  it("record media pipeline states, ignore other applications' pipelines and fail visibly on a permanent failure", async () => {
    await deliverInTurn(pipeline, started);
    const later = new Date("2026-03-02T09:02:00Z");
    const stateChange = (
      pipelineOf: { meetingId: string; mediaPipelineId: string },
      eventType: string,
      id: string,
    ) => ({
      version: "0",
      id,
      "detail-type": "Chime Media Pipeline State Change",
      source: "aws.chime",
      account: "000000000000",
      time: later.toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: "eu-central-1",
      resources: [],
      detail: { version: "0", eventType, timestamp: later.getTime(), ...pipelineOf },
    });
    const { MediaCapturePipeline } = (await pipeline.aws.chime.commandCalls(
      CreateMediaCapturePipelineCommand,
    )[0]?.returnValue) as { MediaCapturePipeline: { MediaPipelineId: string } };
    await deliverInTurn(
      pipeline,
      stateChange(
        {
          meetingId: "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918",
          mediaPipelineId: "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
        },
        "chime:MediaPipelineInProgress",
        "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
      ),
      stateChange(
        { meetingId, mediaPipelineId: MediaCapturePipeline.MediaPipelineId },
        "chime:MediaPipelinePermanentFailure",
        "2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e",
      ),
    );
    const [, unknown, failure] = executionsOf(pipeline, "media-pipeline") as ExecutionRecord[];
    expect(unknown?.status).toBe("SUCCEEDED");
    expect(failure).toMatchObject({
      status: "FAILED",
      error: "MediaPipelineFailedError",
      path: ["TrackMediaPipeline"],
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

  it("wait for a pipeline's record when its status overtook it, and fail visibly if it never comes", async () => {
    await deliverInTurn(pipeline, started);
    const unrecorded = {
      version: "0",
      id: "3c4d5e6f-7a8b-4c0d-9e1f-3a4b5c6d7e8f",
      "detail-type": "Chime Media Pipeline State Change",
      source: "aws.chime",
      account: "000000000000",
      time: "2026-03-02T09:02:00Z",
      region: "eu-central-1",
      resources: [],
      detail: {
        version: "0",
        eventType: "chime:MediaPipelinePermanentFailure",
        timestamp: Date.parse("2026-03-02T09:02:00Z"),
        meetingId,
        mediaPipelineId: "6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b",
      },
    };
    await deliverInTurn(pipeline, unrecorded);
    const execution = executionsOf(pipeline, "media-pipeline").at(-1) as ExecutionRecord;
    expect(execution).toMatchObject({ status: "FAILED", error: "MediaPipelineNotRecordedError" });
    const attempts = execution.history.filter((e) => e.type === "LambdaFunctionScheduled");
    expect(attempts.length).toBe(11);
    expect(await rig.runLog()).toContainEqual(
      expect.objectContaining({
        workflow: "media-pipeline",
        status: "failed",
        error: "MediaPipelineNotRecordedError",
      }),
    );
  });

  it("ignore the events no rule consumes", async () => {
    const added = { ...joinedPatient, detail: { ...joinedPatient.detail, eventType: "chime:AttendeeAdded" } };
    await deliverInTurn(pipeline, added, leftPatient, leftClinician);
    expect(pipeline.executions.map((e) => e.workflow)).toEqual(["attendance", "attendance"]);
  });
});
