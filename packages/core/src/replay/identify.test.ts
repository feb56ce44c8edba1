import { describe, expect, it } from "vitest";
import { audio, joined, MEETING_ID, started } from "./events.fixture.js";
import { identifyEvent } from "./identify.js";
import { asReplayed } from "./replay-name.js";

describe("identifying an event for ops", () => {
  it("reads the meeting, the idempotency key and the event type of a Chime event", () => {
    expect(identifyEvent(joined)).toEqual({
      eventId: joined.id,
      meetingId: MEETING_ID,
      idempotencyKey: joined.id,
      eventType: "chime:AttendeeJoined",
      time: "2026-04-12T09:00:05Z",
      replayName: null,
    });
  });

  it("finds the meeting of a concatenated recording in its key", () => {
    expect(identifyEvent(audio)).toMatchObject({ meetingId: MEETING_ID, eventType: "Object Created" });
  });

  it("gives a replayed event the key its workflow claimed", () => {
    expect(identifyEvent(asReplayed(started, "medpipe-20260412T093005"))).toMatchObject({
      idempotencyKey: `${started.id}_medpipe-20260412T093005`,
      replayName: "medpipe-20260412T093005",
    });
  });

  it("falls back to the raw id, replay-name and meeting id of an event the pipeline refused", () => {
    const refused = { ...started, "replay-name": "after-fix", region: "nowhere" };
    expect(identifyEvent(refused)).toEqual({
      eventId: started.id,
      meetingId: MEETING_ID,
      idempotencyKey: `${started.id}_after-fix`,
      eventType: "chime:MeetingStarted",
      time: "2026-04-12T09:00:00Z",
      replayName: "after-fix",
    });
  });

  it("does not echo a meeting id that is not a UUID, nor anything of a body that is not an event", () => {
    const refused = { ...started, region: "nowhere", detail: { meetingId: "Jane Doe's consult" } };
    expect(identifyEvent(refused).meetingId).toBeNull();
    expect(identifyEvent("not json {")).toEqual({
      eventId: null,
      meetingId: null,
      idempotencyKey: null,
      eventType: null,
      time: null,
      replayName: null,
    });
  });
});
