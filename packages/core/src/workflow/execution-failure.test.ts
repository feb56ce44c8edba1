import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/index.js";
import { realistic, referenceEvent } from "../events/reference-events.fixture.js";
import type { RunClaim, RunFailure } from "../sink/sink.js";
import { recordExecutionFailure } from "./execution-failure.js";

const config = loadConfig("test", {});
const event = realistic(referenceEvent("chime-MeetingStarted.json"));
const executionArn = "arn:aws:states:eu-west-1:111122223333:execution:prod-medpipe-meeting-lifecycle:e-1";

/** A Step Functions Execution Status Change detail, as documented, with the parts that vary. */
function statusChange(input: Record<string, unknown>) {
  return {
    executionArn,
    stateMachineArn: "arn:aws:states:eu-west-1:111122223333:stateMachine:prod-medpipe-meeting-lifecycle",
    name: "e-1",
    status: "FAILED",
    startDate: 1_551_225_014_968,
    stopDate: 1_551_225_017_576,
    error: "SinkUnavailableError",
    cause: null,
    ...input,
  };
}

async function recorded(detail: Record<string, unknown>) {
  const failures: { claim: RunClaim; failure: RunFailure }[] = [];
  const described: string[] = [];
  await recordExecutionFailure(detail, {
    config,
    sink: {
      recordRunFailure: async (claim, failure) => {
        failures.push({ claim, failure });
        return "updated";
      },
    },
    failedState: async () => "StartRecording",
    input: async (arn) => {
      described.push(arn);
      return JSON.stringify(event);
    },
  });
  return { failure: failures[0], described };
}

describe("recording a failed execution", () => {
  it("takes the event from the status change when Step Functions included it", async () => {
    const { failure, described } = await recorded(
      statusChange({ input: JSON.stringify(event), inputDetails: { included: true } }),
    );
    expect(described).toEqual([]);
    expect(failure?.claim.eventId).toBe(event.id);
    expect(failure?.failure).toMatchObject({ status: "failed", step: "StartRecording" });
  });

  it.each([
    ["left out as too large", { input: null, inputDetails: { included: false } }],
    ["absent, as for a state machine under a customer managed key", {}],
  ])("describes the execution for its event when the input is %s", async (_, input) => {
    const { failure, described } = await recorded(statusChange(input));
    expect(described).toEqual([executionArn]);
    expect(failure?.claim.eventId).toBe(event.id);
  });
});
