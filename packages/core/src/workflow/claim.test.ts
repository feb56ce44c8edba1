import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/index.js";
import { MAX_FIRST_WAIT_SECONDS } from "../transcript/job.js";
import { claimedEvent, runClaimOf, runHolderOf } from "./claim.js";
import { CLAIM_STALE_MARGIN_SECONDS, workflowTimeoutSeconds } from "./timeouts.js";

const meetingId = "1e6bf4f5-f4b5-4917-b8c9-bda45c340706";
const recordingCreated = {
  version: "0",
  id: "17793124-05d4-b198-2fde-7ededc63b103",
  "detail-type": "Object Created",
  source: "aws.s3",
  account: "111122223333",
  time: "2026-03-02T09:31:00Z",
  region: "eu-west-1",
  resources: [],
  detail: {
    bucket: { name: "recordings" },
    object: { key: `concatenated/${meetingId}/audio/a.mp4`, size: 5 },
  },
};
const config = loadConfig("test", {});

describe("run claim", () => {
  it("logs a recording's run under the meeting its key names", () => {
    expect(
      runClaimOf({ event: recordingCreated, workflow: "transcription", execution: "exec-1" }, config),
    ).toEqual({
      idempotencyKey: recordingCreated.id,
      eventId: recordingCreated.id,
      workflow: "transcription",
      meetingId,
      replayName: null,
      execution: "exec-1",
      staleAfterSeconds: workflowTimeoutSeconds(config).transcription + CLAIM_STALE_MARGIN_SECONDS,
    });
  });

  it("gives a replay its own key", () => {
    const claim = runClaimOf(
      {
        event: { ...recordingCreated, "replay-name": "after-fix" },
        workflow: "transcription",
        execution: "exec-2",
      },
      config,
    );
    expect(claim.idempotencyKey).toBe(`${recordingCreated.id}_after-fix`);
    expect(claim.replayName).toBe("after-fix");
  });

  it("logs an event too broken to have an id under the execution, with no meeting", () => {
    const broken = { detail: { meetingId: "not-a-uuid" } };
    const run = { event: broken, workflow: "meeting-lifecycle" as const, execution: "exec-3" };
    expect(runClaimOf(run, config)).toMatchObject({
      idempotencyKey: "exec-3",
      eventId: "exec-3",
      meetingId: null,
    });
    expect(runHolderOf(run)).toEqual({ idempotencyKey: "exec-3", execution: "exec-3" });
  });

  it("parses a claiming task's event once, with the same claim, and refuses a broken one naming the field", () => {
    const run = { event: recordingCreated, workflow: "transcription" as const, execution: "exec-4" };
    const { event, claim } = claimedEvent(run, config);
    expect(event.kind).toBe("object-created");
    expect(claim).toEqual(runClaimOf(run, config));
    expect(runHolderOf(run)).toEqual({ idempotencyKey: claim.idempotencyKey, execution: "exec-4" });
    expect(() => claimedEvent({ ...run, event: { ...recordingCreated, id: 7 } }, config)).toThrow(/id/);
  });
});

describe("stale claims", () => {
  it("a claim goes stale a margin after its workflow's state machine times out", () => {
    const attendance = runClaimOf(
      { event: recordingCreated, workflow: "attendance", execution: "e" },
      config,
    );
    expect(attendance.staleAfterSeconds).toBe(15 * 60 + CLAIM_STALE_MARGIN_SECONDS);
    const lifecycle = runClaimOf(
      { event: recordingCreated, workflow: "meeting-lifecycle", execution: "e" },
      config,
    );
    expect(lifecycle.staleAfterSeconds).toBe(2 * 3600 + CLAIM_STALE_MARGIN_SECONDS);
  });

  it("the transcription workflow's timeout follows its polling: the first wait, every poll and an hour", () => {
    expect(workflowTimeoutSeconds(config)).toEqual({
      "meeting-lifecycle": 7200,
      attendance: 900,
      "media-pipeline": 3600,
      transcription: MAX_FIRST_WAIT_SECONDS + 30 * 240 + 2 * 3600,
    });
    const slower = loadConfig("test", {
      MEDPIPE_TRANSCRIBE_POLL_SECONDS: "60",
      MEDPIPE_TRANSCRIBE_MAX_POLLS: "300",
    });
    expect(workflowTimeoutSeconds(slower).transcription).toBe(MAX_FIRST_WAIT_SECONDS + 60 * 300 + 2 * 3600);
  });
});
