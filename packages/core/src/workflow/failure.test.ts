import { describe, expect, it } from "vitest";
import { failureOutcome } from "./failure.js";

describe("failure outcome", () => {
  it("keeps Lambda's error message from the Cause JSON, and a plain cause as it is", () => {
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
    expect(
      failureOutcome({ step: "StartRecording", failure: { Error: "States.Timeout", Cause: "timed out" } })
        .cause,
    ).toBe("timed out");
    expect(failureOutcome({ step: "StartRecording", failure: { Error: "States.Timeout" } }).cause).toBeNull();
  });
});
