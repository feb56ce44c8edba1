import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/index.js";
import { WORKFLOWS } from "../events/workflows.js";
import { MAX_FIRST_WAIT_SECONDS } from "../transcript/job.js";
import { retriersOf } from "./retries.js";
import { TASKS, type WorkflowTaskName } from "./tasks.js";
import {
  CLAIM_STALE_MARGIN_SECONDS,
  claimStaleAfterSeconds,
  taskTimeoutSeconds,
  workflowTimeoutSeconds,
} from "./timeouts.js";

const config = loadConfig("test", {});

/**
 * The longest a task's state can run: every attempt its Retry allows (retriers count apart, so a task whose errors
 * alternate gets them all) running to the function's timeout, every wait at its longest (full jitter never waits
 * more than the backoff).
 */
function longestTaskStateSeconds(task: WorkflowTaskName): number {
  const retriers = retriersOf(task);
  const attempts = 1 + retriers.reduce((total, retrier) => total + retrier.maxAttempts, 0);
  const waits = retriers.flatMap(({ intervalSeconds, backoffRate, maxAttempts, maxDelaySeconds }) =>
    Array.from({ length: maxAttempts }, (_, retry) =>
      Math.min(intervalSeconds * backoffRate ** retry, maxDelaySeconds),
    ),
  );
  return attempts * taskTimeoutSeconds(task) + waits.reduce((a, b) => a + b, 0);
}

describe("timeouts", () => {
  // Lambda functions run for at most 900 seconds (docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).
  it("give extraction, the closer and the sweeper five minutes, every other task a minute, none past Lambda's 15", () => {
    const long = ["extract-entities", "close-stale-meetings", "sweep-retention"];
    for (const task of TASKS) {
      expect(taskTimeoutSeconds(task), task).toBe(long.includes(task) ? 300 : 60);
      expect(taskTimeoutSeconds(task)).toBeLessThanOrEqual(900);
    }
  });

  it("let every single-task workflow outlast all the retries its task can make", () => {
    const timeouts = workflowTimeoutSeconds(config);
    const tasksOf = {
      "meeting-lifecycle": ["start-recording", "end-meeting"],
      attendance: ["record-attendance"],
      "media-pipeline": ["track-media-pipeline"],
    } as const;
    for (const [workflow, tasks] of Object.entries(tasksOf)) {
      for (const task of tasks) {
        expect(timeouts[workflow as keyof typeof tasksOf], `${workflow}: ${task}`).toBeGreaterThanOrEqual(
          longestTaskStateSeconds(task),
        );
      }
    }
  });

  it("give the transcription workflow its longest first wait, every poll, and every other step at its longest", () => {
    const others = (["verify-recording", "extract-entities", "post-results"] as const)
      .map(longestTaskStateSeconds)
      .reduce((a, b) => a + b, 0);
    for (const settings of [
      {},
      { MEDPIPE_TRANSCRIBE_POLL_SECONDS: "60", MEDPIPE_TRANSCRIBE_MAX_POLLS: "300" },
    ]) {
      const { transcription } = loadConfig("test", settings);
      expect(workflowTimeoutSeconds({ transcription }).transcription).toBeGreaterThan(
        MAX_FIRST_WAIT_SECONDS + transcription.pollSeconds * transcription.maxPolls + others,
      );
    }
  });

  // A Standard workflow runs for at most a year (docs.aws.amazon.com/step-functions/latest/dg/limits-overview.html).
  it("keep every workflow within Step Functions' year, and a claim stale only a margin after its workflow timed out", () => {
    for (const workflow of WORKFLOWS) {
      const timeout = workflowTimeoutSeconds(config)[workflow];
      expect(timeout).toBeLessThanOrEqual(365 * 86_400);
      expect(claimStaleAfterSeconds(workflow, config)).toBe(timeout + CLAIM_STALE_MARGIN_SECONDS);
    }
  });
});
