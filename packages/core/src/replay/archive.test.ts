import { describe, expect, it } from "vitest";
import { selectForReplay } from "./archive.js";
import {
  audio,
  ended,
  joined,
  MEETING_ID,
  OTHER_MEETING_ID,
  otherMeetingStarted,
  RECORDINGS_BUCKET,
  started,
} from "./events.fixture.js";
import { asReplayed } from "./replay-name.js";
import { parseWindow } from "./window.js";

const archivedAt = "2026-04-12T12:00:00Z";
const archive = (...events: unknown[]) => events.map((event) => ({ archivedAt, event }));
const transcriptWritten = {
  ...audio,
  id: "2b9d1f3e-5a6c-4d7e-8f90-a1b2c3d4e5f6",
  detail: { ...audio.detail, bucket: { name: "transcripts" } },
};
const consultMorning = parseWindow({ from: "2026-04-12T09:00:00Z", to: "2026-04-12T10:00:00Z" });
const options = { window: consultMorning, meetingId: null, recordingsBucket: RECORDINGS_BUCKET };

describe("choosing the archived events a replay re-delivers", () => {
  it("takes every event some rule consumes whose own time is in the window", () => {
    const lateEvent = { ...ended, id: "7f0e2d1c-4b3a-4958-8776-655443322110", time: "2026-04-12T10:00:00Z" };
    expect(
      selectForReplay(archive(started, joined, transcriptWritten, ended, audio, lateEvent), options),
    ).toEqual([started, joined, ended, audio]);
  });

  it("takes each event once, however often it was delivered or replayed before", () => {
    const archived = archive(started, started, asReplayed(started, "medpipe-20260412T110000"), joined);
    expect(selectForReplay(archived, options)).toEqual([started, joined]);
  });

  it("takes only the meeting's events, its recording's too, when a meeting is given", () => {
    const archived = archive(started, otherMeetingStarted, audio);
    expect(selectForReplay(archived, { ...options, meetingId: MEETING_ID.toUpperCase() })).toEqual([
      started,
      audio,
    ]);
    expect(selectForReplay(archived, { ...options, meetingId: OTHER_MEETING_ID })).toEqual([
      otherMeetingStarted,
    ]);
  });
});
