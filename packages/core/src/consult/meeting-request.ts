import { createHash } from "node:crypto";
import type {
  AttendeeCapabilities,
  CreateAttendeeCommandInput,
  CreateMeetingWithAttendeesCommandInput,
} from "@aws-sdk/client-chime-sdk-meetings";
import type { Consult, Participant, ParticipantRole } from "./consult.js";

/**
 * Attendees a consult's meeting admits (MeetingFeatures.Attendee.MaxCount, 1 to 250 in the Chime SDK API
 * reference, AttendeeFeatures): clinicians, patient, interpreter and observers, their content shares (each a
 * second attendee) and the media capture pipeline, which joins as an attendee too.
 */
export const CONSULT_MAX_ATTENDEES = 10;

/**
 * What each role may send. Chime refuses Content SendReceive or Receive unless Video is SendReceive or Receive
 * (API reference, AttendeeCapabilities): every role receives video, so every role may receive content.
 */
export const CAPABILITIES: Record<ParticipantRole, AttendeeCapabilities> = {
  clinician: { Audio: "SendReceive", Video: "SendReceive", Content: "SendReceive" },
  patient: { Audio: "SendReceive", Video: "SendReceive", Content: "Receive" },
  interpreter: { Audio: "SendReceive", Video: "SendReceive", Content: "Receive" },
  observer: { Audio: "Receive", Video: "Receive", Content: "Receive" },
};

export interface MeetingSettings {
  /** The stage: two stages in one account must not share a meeting. */
  stage: string;
  /** Where the meeting's media is hosted: the data region, where the recordings bucket is. */
  mediaRegion: string;
}

/**
 * CreateMeeting's idempotency token for a consult's meeting of one generation: racing first joins send the
 * same token and get one meeting, and a join after that meeting ended (the next generation) gets a new one.
 * 43 characters of base64url (the API takes 2 to 64).
 *
 * @example
 * meetingRequestToken("prod", consultId, 0) === meetingRequestToken("prod", consultId, 0); // true
 */
export function meetingRequestToken(stage: string, consultId: string, generation: number): string {
  return createHash("sha256").update(`${stage}/consult/${consultId}/${generation}`).digest("base64url");
}

/**
 * The CreateMeetingWithAttendees request that starts a consult's meeting of `generation` with its first
 * attendee, the caller: the consult id as ExternalMeetingId, the Supabase user id as ExternalUserId.
 *
 * @example
 * await chime.send(new CreateMeetingWithAttendeesCommand(createMeetingRequest(consult, 0, caller, settings)));
 */
export function createMeetingRequest(
  consult: Consult,
  generation: number,
  caller: Participant,
  settings: MeetingSettings,
): CreateMeetingWithAttendeesCommandInput {
  return {
    ClientRequestToken: meetingRequestToken(settings.stage, consult.consultId, generation),
    ExternalMeetingId: consult.consultId,
    MediaRegion: settings.mediaRegion,
    MeetingFeatures: {
      Video: { MaxResolution: "HD" },
      Content: { MaxResolution: "FHD" },
      Attendee: { MaxCount: CONSULT_MAX_ATTENDEES },
    },
    Attendees: [{ ExternalUserId: caller.userId, Capabilities: CAPABILITIES[caller.role] }],
  };
}

/**
 * The CreateAttendee request for a participant joining a live meeting; for one who joined before, Chime
 * returns the same attendee.
 *
 * @example
 * await chime.send(new CreateAttendeeCommand(createAttendeeRequest(meetingId, caller)));
 */
export function createAttendeeRequest(meetingId: string, caller: Participant): CreateAttendeeCommandInput {
  return { MeetingId: meetingId, ExternalUserId: caller.userId, Capabilities: CAPABILITIES[caller.role] };
}
