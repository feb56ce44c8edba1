import { describe, expect, it } from "vitest";
import { audio, started } from "./events.fixture.js";
import { asReplayed } from "./replay-name.js";
import { type MeetingResults, meetingTimeline } from "./timeline.js";

const noResults: MeetingResults = {
  meeting: null,
  mediaPipelines: [],
  attendance: [],
  recordings: [],
  transcript: null,
};

describe("a meeting's timeline", () => {
  it("puts events, executions, run-log rows and results in time order", () => {
    const timeline = meetingTimeline({
      events: [asReplayed(audio, "medpipe-20260412T110000"), started],
      executions: [
        {
          name: "transcription-9fca4ca2-1",
          workflow: "transcription",
          status: "FAILED",
          startDate: "2026-04-12T09:07:00Z",
          failedState: "ExtractEntities",
          error: "InvalidRequestException",
        },
      ],
      runs: [
        {
          idempotencyKey: String(audio.id),
          workflow: "transcription",
          status: "failed",
          step: "ExtractEntities",
          error: "InvalidRequestException",
          attempts: 1,
          updatedAt: "2026-04-12T09:08:00Z",
        },
      ],
      results: {
        meeting: {
          startedAt: "2026-04-12T09:00:00Z",
          endedAt: "2026-04-12T09:06:00+00:00",
          endReason: "ended",
          legalHoldAt: null,
        },
        mediaPipelines: [
          { id: "ad4dd93a", kind: "capture", status: "Deleted", statusAt: "2026-04-12T09:06:30Z" },
        ],
        attendance: [{ attendeeId: "df9ff54d", event: "joined", occurredAt: "2026-04-12T09:00:05Z" }],
        recordings: [{ key: "concatenated/m/audio/a.mp4", createdAt: "2026-04-12T09:07:01Z" }],
        transcript: { jobName: "medpipe-job", completedAt: "2026-04-12T11:02:00Z", turns: 40, entities: 18 },
      },
    });
    expect(timeline.map((entry) => [entry.time, entry.kind])).toEqual([
      ["2026-04-12T09:00:00.000Z", "event"],
      ["2026-04-12T09:00:00.000Z", "result"],
      ["2026-04-12T09:00:05.000Z", "result"],
      ["2026-04-12T09:06:00.000Z", "result"],
      ["2026-04-12T09:06:30.000Z", "result"],
      ["2026-04-12T09:07:00.000Z", "event"],
      ["2026-04-12T09:07:00.000Z", "execution"],
      ["2026-04-12T09:07:01.000Z", "result"],
      ["2026-04-12T09:08:00.000Z", "run"],
      ["2026-04-12T11:02:00.000Z", "result"],
    ]);
    expect(timeline[5]).toMatchObject({ kind: "event", replayName: "medpipe-20260412T110000" });
    expect(timeline.at(-1)).toEqual({
      time: "2026-04-12T11:02:00.000Z",
      kind: "result",
      table: "transcripts",
      what: "transcript of job medpipe-job: 40 turns, 18 entities",
    });
  });

  it("shows a held meeting's hold, but never the reason given for it", () => {
    const timeline = meetingTimeline({
      events: [],
      executions: [],
      runs: [],
      results: {
        ...noResults,
        meeting: { startedAt: null, endedAt: null, endReason: null, legalHoldAt: "2026-05-01T08:00:00Z" },
      },
    });
    expect(timeline).toEqual([
      { time: "2026-05-01T08:00:00.000Z", kind: "result", table: "meetings", what: "legal hold placed" },
    ]);
  });
});
