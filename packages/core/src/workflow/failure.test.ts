import { describe, expect, it } from "vitest";
import { failureOutcome } from "./failure.js";

describe("failure outcome", () => {
  it("keeps Lambda's error message from the Cause JSON", () => {
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
    expect(failureOutcome({ step: "StartRecording", failure: { Error: "States.Timeout" } }).cause).toBeNull();
  });

  it("keeps only the error name of a cause Lambda did not write, which can quote the state's input", () => {
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
