import { describe, expect, it } from "vitest";
import type { MeetingState, RunHolder } from "../sink/sink.js";
import { nextLifecycleStep, readyToFinishRecording, staleBefore, staleMeetings } from "./lifecycle.js";
import { meetingTimedOutEntry } from "./timeout.js";

const meeting = (state: Partial<MeetingState>): MeetingState => ({
  meetingId: "1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
  externalMeetingId: "appointment-0412",
  startedAt: "2026-03-02T09:00:00.000Z",
  endedAt: null,
  capturePipelineId: null,
  concatenationPipelineId: null,
  legalHold: false,
  ...state,
});

describe("meeting lifecycle", () => {
  it("finishes the recording only once the meeting has ended and its capture is known, and only once", () => {
    expect(readyToFinishRecording(meeting({ capturePipelineId: "c" }))).toBe(false);
    expect(readyToFinishRecording(meeting({ endedAt: "2026-03-02T09:30:00.000Z" }))).toBe(false);
    expect(
      readyToFinishRecording(meeting({ endedAt: "2026-03-02T09:30:00.000Z", capturePipelineId: "c" })),
    ).toBe(true);
    expect(
      readyToFinishRecording(
        meeting({
          endedAt: "2026-03-02T09:30:00.000Z",
          capturePipelineId: "c",
          concatenationPipelineId: "k",
        }),
      ),
    ).toBe(false);
  });

  it("goes on to finish the recording, or else ends the run there and records its success", async () => {
    const finished: RunHolder[] = [];
    const sink = {
      finishRun: async (run: RunHolder) => {
        finished.push(run);
        return { finished: true };
      },
    };
    const ready = meeting({ endedAt: "2026-03-02T09:30:00.000Z", capturePipelineId: "c" });
    const run = (key: string) => ({ idempotencyKey: key, execution: `exec-${key}` });

    expect(await nextLifecycleStep(sink, run("run-1"), ready)).toEqual({
      decision: "claimed",
      finishRecording: true,
      meeting: ready,
    });
    expect(finished).toEqual([]);
    expect(await nextLifecycleStep(sink, run("run-2"), meeting({ capturePipelineId: "c" }))).toMatchObject({
      finishRecording: false,
    });
    expect(finished).toEqual([run("run-2")]);
  });

  it("calls a meeting stale when it started longer ago than the limit and never ended", () => {
    const now = new Date("2026-03-03T10:00:00Z");
    const open = [
      meeting({ meetingId: "old", startedAt: "2026-03-02T09:59:59Z" }),
      meeting({ meetingId: "recent", startedAt: "2026-03-02T10:00:01Z" }),
      meeting({ meetingId: "ended", startedAt: "2026-03-01T09:00:00Z", endedAt: "2026-03-01T10:00:00Z" }),
    ];
    expect(staleMeetings(open, now, 24).map((m) => m.meetingId)).toEqual(["old"]);
    expect(staleBefore(now, 24)).toBe("2026-03-02T10:00:00.000Z");
  });

  it("closes a stale meeting with a Meeting Timed Out event from the pipeline's own source", () => {
    const entry = meetingTimedOutEntry(meeting({}), new Date("2026-03-03T10:00:00Z"));
    expect(entry).toMatchObject({ Source: "medpipe", DetailType: "Meeting Timed Out" });
    expect(JSON.parse(entry.Detail)).toEqual({
      meetingId: "1e6bf4f5-f4b5-4917-b8c9-bda45c340706",
      externalMeetingId: "appointment-0412",
      startedAt: "2026-03-02T09:00:00.000Z",
      timestamp: Date.parse("2026-03-03T10:00:00Z"),
    });
  });
});
