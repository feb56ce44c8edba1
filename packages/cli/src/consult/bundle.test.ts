import { type PipelineEvent, parseEvent, route } from "@medpipe/core/events";
import { describe, expect, it } from "vitest";
import { type ConsultBundle, consultBundle } from "./bundle.js";
import { generateConsult } from "./generate.js";

const startedAt = new Date("2026-04-12T09:00:00.000Z");
const bundle = consultBundle({ minutes: 20, seed: 31, startedAt });

function parsed(event: unknown): PipelineEvent {
  const result = parseEvent(event);
  if (!result.ok) throw new Error(`${result.rejection.field}: ${result.rejection.reason}`);
  return result.event;
}

describe("consultBundle", () => {
  const events = Object.entries(bundle.events).map(([file, event]) => ({ file, event: parsed(event) }));

  it("names the meeting's events so that file-name order is delivery order", () => {
    expect(events.map(({ file, event }) => [file, event.eventType])).toEqual([
      ["01-meeting-started.json", "chime:MeetingStarted"],
      ["02-attendee-joined-clinician.json", "chime:AttendeeJoined"],
      ["03-attendee-joined-patient.json", "chime:AttendeeJoined"],
      ["04-attendee-left-patient.json", "chime:AttendeeLeft"],
      ["05-attendee-left-clinician.json", "chime:AttendeeLeft"],
      ["06-meeting-ended.json", "chime:MeetingEnded"],
    ]);
    expect(Object.keys(bundle.events)).toEqual(Object.keys(bundle.events).sort());
    const times = events.map(({ event }) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it("sends every event to the workflow EventBridge would: lifecycle for the meeting, attendance for attendees", () => {
    expect(events.map(({ event }) => route(event, { recordingsBucket: "recordings" }))).toEqual([
      "meeting-lifecycle",
      "attendance",
      "attendance",
      "attendance",
      "attendance",
      "meeting-lifecycle",
    ]);
  });

  it("starts the meeting when asked and ends it the consult's minutes later", () => {
    const [started, ...rest] = events.map(({ event }) => event);
    const ended = rest.at(-1);
    expect(started?.occurredAt).toBe(startedAt.toISOString());
    expect(Date.parse(ended?.occurredAt ?? "") - startedAt.getTime()).toBe(20 * 60_000);
    for (const { event } of events)
      expect(Date.parse(event.time)).toBe(Math.floor(Date.parse(event.occurredAt) / 1000) * 1000);
  });

  it("is a Chime meeting in eu-central-1 with media in eu-west-1, one meeting id and two attendees", () => {
    const meetingIds = new Set(events.map(({ event }) => ("meetingId" in event ? event.meetingId : null)));
    expect(meetingIds.size).toBe(1);
    for (const { event } of events) {
      expect(event).toMatchObject({
        source: "aws.chime",
        detailType: "Chime Meeting State Change",
        account: "000000000000",
        region: "eu-central-1",
        externalMeetingId: "appointment-2026-0412",
        mediaRegion: "eu-west-1",
      });
    }
    const attendees = events.flatMap(({ event }) =>
      event.kind === "attendee" ? [`${event.attendeeId} ${event.externalUserId}`] : [],
    );
    expect(new Set(attendees).size).toBe(2);
    expect(attendees[0]).toMatch(/ clinician-[0-9a-f]{4}$/);
    expect(attendees[1]).toMatch(/ patient-[0-9a-f]{4}$/);
  });

  it("draws fresh ids from the seed: the same seed gives the same bundle, another seed other ids", () => {
    const idsOf = (of: ConsultBundle) =>
      new Set(
        Object.values(of.events).flatMap(({ id, detail }) => [id, detail.meetingId, detail.attendeeId ?? id]),
      );
    const ids = idsOf(bundle);
    expect(ids.size).toBe(6 + 1 + 2);
    expect(consultBundle({ minutes: 20, seed: 31, startedAt })).toEqual(bundle);
    const otherIds = idsOf(consultBundle({ minutes: 20, seed: 32, startedAt }));
    expect([...otherIds].filter((id) => ids.has(id))).toEqual([]);
  });

  it("uses the meeting id it is given, and refuses one that is not a UUID", () => {
    const meetingId = "5b0c2f2e-8d1a-4c3e-9f6b-0a1b2c3d4e5f";
    const given = consultBundle({ minutes: 20, seed: 31, startedAt, meetingId });
    expect(new Set(Object.values(given.events).map((event) => event.detail.meetingId))).toEqual(
      new Set([meetingId]),
    );
    expect(() => consultBundle({ minutes: 20, seed: 31, startedAt, meetingId: "meeting-1" })).toThrow(
      RangeError,
    );
  });

  it("carries the consult's Transcribe Medical output", () => {
    expect(bundle.transcribeOutput).toEqual(generateConsult({ minutes: 20, seed: 31 }));
  });
});
