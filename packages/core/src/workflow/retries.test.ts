import * as chime from "@aws-sdk/client-chime-sdk-media-pipelines";
import * as s3 from "@aws-sdk/client-s3";
import * as transcribe from "@aws-sdk/client-transcribe";
import { describe, expect, it } from "vitest";
import {
  ComprehendRequestError,
  ComprehendResponseError,
  ComprehendThrottledError,
  ComprehendUnavailableError,
} from "../entities/errors.js";
import { InvalidEventError } from "../events/errors.js";
import {
  ObjectNotLockedError,
  RecordingNotEncryptedError,
  RecordingNotFoundError,
  recordingHeadError,
} from "../recording/encryption.js";
import { MediaRegionMismatchError } from "../recording/start.js";
import { sinkErrorOf } from "../sink/sink-error.js";
import { TranscriptionFailedError } from "../transcript/job.js";
import { TranscribeOutputError } from "../transcript/parse.js";
import { type Dependency, retriersOf, TASK_DEPENDENCIES, TRANSIENT_ERRORS } from "./retries.js";
import { WORKFLOW_TASKS, type WorkflowTaskName } from "./tasks.js";

type ExceptionClass = new (options: { message: string; $metadata: object }) => Error & { $fault: string };

/** Every exception class an SDK package models, by name, with its fault ("client" or "server"). */
function modelledExceptions(sdk: Record<string, unknown>, base: abstract new (...args: never[]) => Error) {
  return Object.values(sdk)
    .filter(
      (value): value is ExceptionClass => typeof value === "function" && value.prototype instanceof base,
    )
    .map((Exception) => new Exception({ message: "", $metadata: {} }))
    .map((error) => ({ name: error.name, fault: error.$fault }));
}

const context = { meetingId: "m", api: "DetectEntitiesV2" as const, request: 0 };
const failure = { code: "TooManyRequestsException", attempts: 6 };

/**
 * The error names each dependency can really throw at a task's handler:
 * - Lambda and its runtime, as Step Functions reports a failed invoke
 *   (docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html: Lambda.ServiceException,
 *   Lambda.AWSLambdaException, Lambda.SdkClientException; Lambda.TooManyRequestsException when throttled,
 *   Lambda.ClientExecutionTimeoutException; the Node.js runtime's Sandbox.Timedout past the function's timeout).
 * - The Chime and Transcribe SDKs: their modelled exception classes.
 * - S3: its modelled classes and the error codes S3 answers with, which the SDK throws under their code as name
 *   (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html: SlowDown 503, InternalError 500,
 *   ServiceUnavailable 503, RequestTimeout 400); a HeadObject's, which has no body to name, as the recording's
 *   own error (recordingHeadError).
 * - Comprehend Medical: the extractor's own errors, which replace the SDK's once its retries run out.
 * - Supabase: the sink's errors, as sinkErrorOf names them.
 */
const THROWN: Record<Dependency, string[]> = {
  lambda: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
    "Lambda.ClientExecutionTimeoutException",
    "Sandbox.Timedout",
  ],
  chimeMediaPipelines: modelledExceptions(chime, chime.ChimeSDKMediaPipelinesServiceException).map(
    (e) => e.name,
  ),
  transcribe: modelledExceptions(transcribe, transcribe.TranscribeServiceException).map((e) => e.name),
  s3: [
    ...modelledExceptions(s3, s3.S3ServiceException).map((e) => e.name),
    "SlowDown",
    "InternalError",
    "ServiceUnavailable",
    "RequestTimeout",
    (recordingHeadError({ name: "Unknown", $metadata: { httpStatusCode: 503 } }, "m") as Error).name,
  ],
  comprehendMedical: [
    new ComprehendRequestError(context, failure).name,
    new ComprehendThrottledError(context, failure).name,
    new ComprehendUnavailableError(context, failure).name,
  ],
  supabase: [
    sinkErrorOf("rpc", null, "22P02", 400).name,
    sinkErrorOf("rpc", null, "40001", 409).name,
    sinkErrorOf("rpc", null, "MPR01", 400).name,
  ],
};

const retried = (task: WorkflowTaskName) => retriersOf(task).flatMap((retrier) => retrier.errors);

describe("each task's Retry list", () => {
  it("names only errors its handler or the services it calls can throw", () => {
    for (const task of WORKFLOW_TASKS) {
      const throwable = ["lambda" as const, ...TASK_DEPENDENCIES[task]].flatMap(
        (dependency) => THROWN[dependency],
      );
      for (const name of retried(task)) expect(throwable, `${task} retries ${name}`).toContain(name);
    }
  });

  it("retries Lambda's own failures for every task: service errors, throttling, and a function that timed out", () => {
    for (const task of WORKFLOW_TASKS) expect(retried(task)).toEqual(expect.arrayContaining(THROWN.lambda));
  });

  it("retries every server fault and the throttling of each AWS SDK a task calls", () => {
    const transient: Partial<Record<Dependency, string[]>> = {
      chimeMediaPipelines: [
        ...modelledExceptions(chime, chime.ChimeSDKMediaPipelinesServiceException)
          .filter((e) => e.fault === "server")
          .map((e) => e.name),
        "ThrottledClientException",
      ],
      // Transcribe names throttling and its concurrent-job quota alike LimitExceededException.
      transcribe: [
        ...modelledExceptions(transcribe, transcribe.TranscribeServiceException)
          .filter((e) => e.fault === "server")
          .map((e) => e.name),
        "LimitExceededException",
      ],
      s3: ["SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout"],
      comprehendMedical: ["ComprehendThrottledError", "ComprehendUnavailableError"],
      supabase: ["SinkUnavailableError"],
    };
    expect(transient.chimeMediaPipelines).toEqual(
      expect.arrayContaining(["ServiceFailureException", "ServiceUnavailableException"]),
    );
    expect(transient.transcribe).toContain("InternalFailureException");
    for (const task of WORKFLOW_TASKS) {
      for (const dependency of TASK_DEPENDENCIES[task]) {
        expect(retried(task), `${task} on ${dependency}`).toEqual(
          expect.arrayContaining(transient[dependency] ?? []),
        );
      }
    }
  });

  it("never retries a permanent cause: not a recording, the wrong key, bad input, a sink error such as 22P02 or 42501", () => {
    const permanent = [
      new RecordingNotFoundError("recording of meeting m not found", "m").name,
      new RecordingNotEncryptedError("recording of meeting m is AES256", "m").name,
      new ObjectNotLockedError("an object of meeting m has no Object Lock retention", "m").name,
      new MediaRegionMismatchError("meeting m is hosted in us-east-1", "m").name,
      new TranscriptionFailedError("job j failed", "m").name,
      new InvalidEventError({ field: "detail.meetingId", reason: "not a UUID" }).name,
      new TranscribeOutputError("results.transcripts", "missing").name,
      new ComprehendRequestError(context, { code: "ValidationException", attempts: 1 }).name,
      new ComprehendResponseError(context, "Entities", "missing").name,
      // Invalid text representation (a malformed uuid), and a role without the grant.
      sinkErrorOf("record_recording", "m", "22P02", 400).name,
      sinkErrorOf("record_recording", "m", "42501", 403).name,
      sinkErrorOf("record_recording", "m", "MPS01", 400).name,
    ];
    expect(permanent).toEqual(
      expect.arrayContaining(["RecordingNotFoundError", "SinkError", "MeetingSweptError"]),
    );
    for (const task of WORKFLOW_TASKS) {
      for (const name of permanent) expect(retried(task), `${task} retries ${name}`).not.toContain(name);
    }
  });

  it("backs transient errors off exponentially for about four minutes, and waits half an hour for what is not yet recorded", () => {
    const longestWaits = (task: WorkflowTaskName) =>
      retriersOf(task).map(({ intervalSeconds, backoffRate, maxAttempts, maxDelaySeconds }) =>
        Array.from({ length: maxAttempts }, (_, retry) =>
          Math.min(intervalSeconds * backoffRate ** retry, maxDelaySeconds),
        ).reduce((a, b) => a + b, 0),
      );
    for (const task of WORKFLOW_TASKS) {
      const [transient, notYet] = longestWaits(task);
      expect(transient).toBe(242);
      expect(notYet).toBe(task === "track-media-pipeline" ? 1515 : undefined);
    }
    expect(retriersOf("track-media-pipeline")[1]?.errors).toEqual(["MediaPipelineNotRecordedError"]);
  });

  it("lists each name once in a task's Retry", () => {
    for (const task of WORKFLOW_TASKS) expect(new Set(retried(task)).size).toBe(retried(task).length);
    expect(Object.keys(TRANSIENT_ERRORS).sort()).toEqual(Object.keys(THROWN).sort());
  });
});
