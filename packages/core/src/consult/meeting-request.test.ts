import { describe, expect, it } from "vitest";
import type { Consult } from "./consult.js";
import { CAPABILITIES, createMeetingRequest, meetingRequestToken } from "./meeting-request.js";

const consultId = "5c1d7f3e-2b4a-4c8e-9f10-1a2b3c4d5e6f";
const consult: Consult = {
  consultId,
  startsAt: "2026-03-10T09:00:00.000Z",
  endsAt: "2026-03-10T10:00:00.000Z",
  closedAt: null,
  consent: null,
  participants: [],
  meeting: null,
};

describe("a consult's meeting request", () => {
  it("has one token per stage, consult and generation, within CreateMeeting's 2 to 64 characters", () => {
    const token = meetingRequestToken("prod", consultId, 0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{2,64}$/);
    expect(meetingRequestToken("prod", consultId, 0)).toBe(token);
    expect(meetingRequestToken("prod", consultId, 1)).not.toBe(token);
    expect(meetingRequestToken("dev", consultId, 0)).not.toBe(token);
  });

  it("names the consult and the caller, with media in the data region and a small attendee limit", () => {
    const caller = { userId: "0b6f4c1e-7d2a-4f9b-8c3d-2e1f0a9b8c7d", role: "patient" as const };
    expect(createMeetingRequest(consult, 2, caller, { stage: "prod", mediaRegion: "eu-west-1" })).toEqual({
      ClientRequestToken: meetingRequestToken("prod", consultId, 2),
      ExternalMeetingId: consultId,
      MediaRegion: "eu-west-1",
      MeetingFeatures: {
        Video: { MaxResolution: "HD" },
        Content: { MaxResolution: "FHD" },
        Attendee: { MaxCount: 10 },
      },
      Attendees: [{ ExternalUserId: caller.userId, Capabilities: CAPABILITIES.patient }],
    });
  });

  it("gives capabilities Chime accepts: content received only with video received", () => {
    for (const [role, capabilities] of Object.entries(CAPABILITIES)) {
      const content = capabilities.Content === "SendReceive" || capabilities.Content === "Receive";
      const video = capabilities.Video === "SendReceive" || capabilities.Video === "Receive";
      expect(!content || video, role).toBe(true);
    }
    expect(
      Object.entries(CAPABILITIES)
        .filter(([, c]) => c.Content === "SendReceive")
        .map(([r]) => r),
    ).toEqual(["clinician"]);
    expect(Object.values(CAPABILITIES.observer).every((value) => value === "Receive")).toBe(true);
  });
});
