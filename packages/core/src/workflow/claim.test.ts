import { describe, expect, it } from "vitest";
import { claimedEvent, runClaimOf } from "./claim.js";

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

describe("run claim", () => {
  it("logs a recording's run under the meeting its key names", () => {
    expect(runClaimOf({ event: recordingCreated, workflow: "transcription", execution: "exec-1" })).toEqual({
      idempotencyKey: recordingCreated.id,
      eventId: recordingCreated.id,
      workflow: "transcription",
      meetingId,
      replayName: null,
      execution: "exec-1",
    });
  });

  it("gives a replay its own key", () => {
    const claim = runClaimOf({
      event: { ...recordingCreated, "replay-name": "after-fix" },
      workflow: "transcription",
      execution: "exec-2",
    });
    expect(claim.idempotencyKey).toBe(`${recordingCreated.id}_after-fix`);
    expect(claim.replayName).toBe("after-fix");
  });

  it("logs an event too broken to have an id under the execution, with no meeting", () => {
    const broken = { detail: { meetingId: "not-a-uuid" } };
    expect(runClaimOf({ event: broken, workflow: "meeting-lifecycle", execution: "exec-3" })).toMatchObject({
      idempotencyKey: "exec-3",
      eventId: "exec-3",
      meetingId: null,
    });
  });

  it("parses a claiming task's event once, with the same claim, and refuses a broken one naming the field", () => {
    const run = { event: recordingCreated, workflow: "transcription" as const, execution: "exec-4" };
    const { event, claim } = claimedEvent(run);
    expect(event.kind).toBe("object-created");
    expect(claim).toEqual(runClaimOf(run));
    expect(() => claimedEvent({ ...run, event: { ...recordingCreated, id: 7 } })).toThrow(/id/);
  });
});
