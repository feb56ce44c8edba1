import { describe, expect, it } from "vitest";
import {
  type ExecutionRecord,
  type LocalStateMachine,
  LocalStepFunctions,
} from "../../packages/cli/src/local/step-functions.js";
import { VirtualClock } from "../../packages/cli/src/local/virtual-clock.js";

// Issue 12, item 1: the transcription poll loop as it was before the fix. WaitForTranscript read
// `$.job.waitSeconds`, which only StartTranscription's answer had; CheckTranscription replaced the whole of `$.job`
// with `{status, polls, jobName, completedAt}`, so in AWS the second Wait failed with States.Runtime and any consult
// whose job was not done at the first poll was lost. The old rig skipped every Wait and never read the path, so it
// stayed green. This copy of the old loop, with task handlers answering the old shapes, must fail on the rig as
// it would in AWS: the proof that the rig can no longer hide that class of bug.
const fn = (name: string) => `arn:aws:lambda:eu-west-1:000000000000:function:${name}`;
const OLD_POLL_LOOP: LocalStateMachine = {
  workflow: "transcription",
  name: "old-transcription",
  arn: "arn:aws:states:eu-west-1:000000000000:stateMachine:old-transcription",
  definition: {
    StartAt: "StartTranscription",
    States: {
      StartTranscription: {
        Type: "Task",
        Resource: fn("start-transcription"),
        Parameters: { "meetingId.$": "$.meetingId" },
        ResultPath: "$.job",
        TimeoutSeconds: 70,
        Next: "WaitForTranscript",
      },
      WaitForTranscript: { Type: "Wait", SecondsPath: "$.job.waitSeconds", Next: "CheckTranscription" },
      CheckTranscription: {
        Type: "Task",
        Resource: fn("check-transcription"),
        Parameters: { "jobName.$": "$.job.jobName", "polls.$": "$.job.polls" },
        ResultPath: "$.job",
        TimeoutSeconds: 70,
        Next: "TranscriptReady?",
      },
      "TranscriptReady?": {
        Type: "Choice",
        Choices: [{ Variable: "$.job.status", StringEquals: "completed", Next: "Done" }],
        Default: "WaitForTranscript",
      },
      Done: { Type: "Succeed" },
    },
  },
};

/** Runs the old loop for a job that takes `jobSeconds`, its handlers answering as the old ones did. */
async function runOldLoop(jobSeconds: number): Promise<ExecutionRecord> {
  const clock = new VirtualClock(new Date("2026-03-02T09:00:00Z"));
  let jobStartedAt = 0;
  const sfn = new LocalStepFunctions({
    machines: [OLD_POLL_LOOP],
    invokeLambda: async (arn, payload) => {
      if (arn === fn("start-transcription")) {
        jobStartedAt = Date.now();
        return { jobName: "medpipe-job", polls: 0, waitSeconds: 36 };
      }
      const { jobName, polls } = payload as { jobName: string; polls: number };
      // The old handler gave up after `maxPolls` (40 by default).
      if (polls >= 40)
        throw Object.assign(new Error("too many polls"), { name: "TranscriptionTimeoutError" });
      const done = Date.now() - jobStartedAt >= jobSeconds * 1000;
      return {
        status: done ? "completed" : "running",
        polls: polls + 1,
        jobName,
        completedAt: done ? new Date().toISOString() : null,
      };
    },
  });
  let execution: ExecutionRecord | undefined;
  await clock.run({
    start: () => {
      void sfn.start(OLD_POLL_LOOP.arn, { meetingId: "m" }, "old").then((record) => {
        execution = record;
      });
    },
    done: () => execution !== undefined,
  });
  return execution as ExecutionRecord;
}

describe("the transcription poll loop as it was before issue 12", () => {
  it("fails with States.Runtime at the second Wait when the job is not done at the first poll", async () => {
    const execution = await runOldLoop(600);
    expect(execution).toMatchObject({
      status: "FAILED",
      error: "States.Runtime",
      failedState: "WaitForTranscript",
    });
    expect(execution.path).toEqual([
      "StartTranscription",
      "WaitForTranscript",
      "CheckTranscription",
      "TranscriptReady?",
      "WaitForTranscript",
    ]);
  });

  it("passes only when the job is done at the first poll", async () => {
    const execution = await runOldLoop(30);
    expect(execution.status).toBe("SUCCEEDED");
    expect(execution.path.at(-1)).toBe("Done");
  });
});
