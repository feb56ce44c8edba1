import { describe, expect, it } from "vitest";
import { audio, joined, MEETING_ID } from "./events.fixture.js";
import { byTime, deadLetterFailure, executionFailure } from "./failure.js";

describe("a failed execution as a failure row", () => {
  it("carries the meeting, the failed state, the error and the event's idempotency key", () => {
    const failure = executionFailure({
      name: "transcription-9fca4ca2-1",
      workflow: "transcription",
      status: "FAILED",
      stopDate: "2026-04-12T09:08:00.000Z",
      failedState: "ExtractEntities",
      error: "InvalidRequestException",
      cause: JSON.stringify({
        errorType: "InvalidRequestException",
        errorMessage: "DetectEntitiesV2 refused the request for meeting 16ca8b41",
        trace: ["at extract (extract.ts:1)"],
      }),
      input: audio,
    });
    expect(failure).toEqual({
      source: "execution",
      time: "2026-04-12T09:08:00.000Z",
      workflow: "transcription",
      execution: "transcription-9fca4ca2-1",
      meetingId: MEETING_ID,
      step: "ExtractEntities",
      error: "InvalidRequestException",
      cause: "DetectEntitiesV2 refused the request for meeting 16ca8b41",
      idempotencyKey: audio.id,
      eventId: audio.id,
    });
  });

  it("names the error of a timed-out or aborted execution that reports none", () => {
    const base = { name: "n", workflow: "transcription", stopDate: "2026-04-12T10:00:00Z", input: audio };
    const common = { failedState: null, error: null, cause: null };
    expect(executionFailure({ ...base, ...common, status: "TIMED_OUT" }).error).toBe("States.Timeout");
    expect(executionFailure({ ...base, ...common, status: "ABORTED" }).error).toBe("ExecutionAborted");
  });

  it("carries only the error name when the cause is not a Lambda error, which can quote the event", () => {
    const failure = executionFailure({
      name: "n",
      workflow: "transcription",
      status: "FAILED",
      stopDate: "2026-04-12T10:00:00Z",
      failedState: "WaitForTranscript",
      error: "States.Runtime",
      cause: `The JSONPath '$.poll.seconds' could not be found in the input '${JSON.stringify(audio)}'`,
      input: audio,
    });
    expect(failure).toMatchObject({ error: "States.Runtime", cause: null });
  });
});

describe("a dead letter as a failure row", () => {
  it("carries EventBridge's error code and message, and the rule as the step", () => {
    const failure = deadLetterFailure({
      sentAt: "2026-04-12T09:30:00.000Z",
      workflow: "attendance",
      event: joined,
      attributes: {
        RULE_ARN: "arn:aws:events:eu-west-1:111122223333:rule/dev-medpipe-Routing-AttendanceRule1",
        TARGET_ARN: "arn:aws:states:eu-west-1:111122223333:stateMachine:dev-medpipe-attendance",
        ERROR_CODE: "SDK_CLIENT_ERROR",
        ERROR_MESSAGE: "Unable to invoke StartExecution: AccessDenied",
      },
    });
    expect(failure).toEqual({
      source: "dead-letter",
      time: "2026-04-12T09:30:00.000Z",
      workflow: "attendance",
      execution: null,
      meetingId: MEETING_ID,
      step: "dev-medpipe-Routing-AttendanceRule1",
      error: "SDK_CLIENT_ERROR",
      cause: "Unable to invoke StartExecution: AccessDenied",
      idempotencyKey: joined.id,
      eventId: joined.id,
    });
  });
});

it("failures are listed oldest first", () => {
  const at = (time: string) =>
    deadLetterFailure({ sentAt: time, workflow: "attendance", event: joined, attributes: {} });
  const rows = byTime([at("2026-04-12T10:00:00Z"), at("2026-04-12T09:00:00Z")]);
  expect(rows.map((row) => row.time)).toEqual(["2026-04-12T09:00:00Z", "2026-04-12T10:00:00Z"]);
});
