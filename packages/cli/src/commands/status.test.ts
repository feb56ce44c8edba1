import { describe, expect, it } from "vitest";
import { timelineLine } from "./status.js";

const time = "2026-04-12T09:07:00.000Z";

describe("a timeline line", () => {
  it("names a replayed event by type, id and replay", () => {
    expect(
      timelineLine({
        time,
        kind: "event",
        eventType: "Object Created",
        eventId: "9fca4ca2",
        idempotencyKey: "9fca4ca2_medpipe-20260412T110000",
        replayName: "medpipe-20260412T110000",
      }),
    ).toBe(`${time}  event      Object Created 9fca4ca2 (replay medpipe-20260412T110000)`);
  });

  it("says where a failed execution and its run failed, and with what", () => {
    expect(
      timelineLine({
        time,
        kind: "execution",
        workflow: "transcription",
        execution: "transcription-9fca4ca2-1",
        status: "FAILED",
        failedState: "ExtractEntities",
        error: "ComprehendRequestError",
      }),
    ).toBe(
      `${time}  execution  transcription transcription-9fca4ca2-1 FAILED at ExtractEntities: ComprehendRequestError`,
    );
    expect(
      timelineLine({
        time,
        kind: "run",
        workflow: "transcription",
        idempotencyKey: "9fca4ca2",
        status: "succeeded",
        step: null,
        error: null,
        attempts: 2,
      }),
    ).toBe(`${time}  run        transcription 9fca4ca2 succeeded (attempt 2)`);
  });

  it("shows a result as its table and what it holds", () => {
    expect(
      timelineLine({ time, kind: "result", table: "transcripts", what: "transcript of job j: 96 turns" }),
    ).toBe(`${time}  result     transcripts: transcript of job j: 96 turns`);
  });
});
