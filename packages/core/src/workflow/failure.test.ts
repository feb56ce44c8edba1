import { describe, expect, it } from "vitest";
import { failureOutcome } from "./failure.js";

describe("failure outcome", () => {
  it("keeps only a Lambda error's message from the Cause JSON", () => {
    const lambda = JSON.stringify({
      errorType: "RecordingNotFoundError",
      errorMessage: "recording of meeting m not found",
      trace: [],
    });
    expect(
      failureOutcome({
        step: "VerifyRecording",
        failure: { Error: "RecordingNotFoundError", Cause: lambda },
      }),
    ).toEqual({
      status: "failed",
      step: "VerifyRecording",
      error: "RecordingNotFoundError",
      cause: "recording of meeting m not found",
    });
  });

  it("drops Step Functions' own causes, which can quote the state's input", () => {
    const runtime =
      "An error occurred while executing the state 'WaitForTranscript'. The JSONPath '$.job.waitSeconds' " +
      'could not be found in the input \'{"job":{"status":"running"}}\'';
    expect(
      failureOutcome({ step: "WaitForTranscript", failure: { Error: "States.Runtime", Cause: runtime } })
        .cause,
    ).toBeNull();
    expect(failureOutcome({ step: "StartRecording", failure: { Error: "States.Timeout" } }).cause).toBeNull();
    expect(
      failureOutcome({ step: null, failure: { Error: "X", Cause: '{"not":"lambda"}' } }).cause,
    ).toBeNull();
  });

  it("keeps only the error name of any cause Lambda did not write, which can quote the state's input", () => {
    const runtime =
      "An error occurred while executing the state 'WaitForTranscript'. The JSONPath '$.poll.seconds' could not " +
      'be found in the input \'{"run":{"event":{"detail":{"externalMeetingId":"Jane Doe"}}}}\'';
    for (const Cause of [runtime, JSON.stringify({ input: { name: "Jane Doe" } }), "null"]) {
      const outcome = failureOutcome({
        step: "WaitForTranscript",
        failure: { Error: "States.Runtime", Cause },
      });
      expect(outcome).toMatchObject({ error: "States.Runtime", cause: null });
    }
  });
});
