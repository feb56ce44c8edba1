import {
  type Attendee,
  type ChimeSDKMeetingsClient,
  CreateAttendeeCommand,
  CreateMeetingWithAttendeesCommand,
  GetMeetingCommand,
  type Meeting,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-meetings";
import { assertJoinable, participantOf } from "./access.js";
import { type Consult, liveMeetingOf, type Participant } from "./consult.js";
import type { ConsultStore } from "./consult-store.js";
import { ConsultNotFoundError } from "./errors.js";
import { createAttendeeRequest, createMeetingRequest, type MeetingSettings } from "./meeting-request.js";

/** What a client library joins with: Chime's own CreateMeeting `Meeting` and CreateAttendee `Attendee`. */
export interface JoinInfo {
  Meeting: Meeting;
  Attendee: Attendee;
}

export interface JoinDependencies {
  store: ConsultStore;
  /** In the Chime control region. */
  chime: ChimeSDKMeetingsClient;
  settings: MeetingSettings;
  now?: () => Date;
}

/** Chime answered without the object the join needs. */
export class IncompleteChimeAnswerError extends Error {
  override name = "IncompleteChimeAnswerError";
  constructor(operation: string, consultId: string) {
    super(`${operation} returned no meeting or attendee for consult ${consultId}`);
  }
}

/**
 * A participant joins the consult in its window: the live meeting (a re-join gets the same attendee), or a new
 * one when there is none (the first join, or the previous meeting ended). Racing first joins get one meeting:
 * they send the same ClientRequestToken, and the consult keeps the first meeting of each generation.
 *
 * @example
 * const { Meeting, Attendee } = await joinConsult({ store, chime, settings }, consultId, userId);
 */
export async function joinConsult(
  deps: JoinDependencies,
  consultId: string,
  userId: string,
): Promise<JoinInfo> {
  const consult = await deps.store.findConsult(consultId);
  if (!consult) throw new ConsultNotFoundError(consultId);
  const caller = participantOf(consult, userId);
  assertJoinable(consult, deps.now?.() ?? new Date());
  const meeting = await findLiveMeeting(deps, consult);
  if (meeting) {
    const attendee = await createAttendee(deps, consult, meeting, caller);
    if (attendee) return { Meeting: meeting, Attendee: attendee };
    return startMeeting(deps, await deps.store.endConsultMeeting(consultId, meeting.MeetingId ?? ""), caller);
  }
  return startMeeting(deps, consult, caller);
}

/** The consult's live meeting as Chime has it; one Chime no longer knows (ended, idle, 24 h) is recorded ended. */
async function findLiveMeeting(deps: JoinDependencies, consult: Consult): Promise<Meeting | null> {
  const live = liveMeetingOf(consult);
  if (!live) return null;
  try {
    const { Meeting: meeting } = await deps.chime.send(new GetMeetingCommand({ MeetingId: live.meetingId }));
    if (!meeting) throw new IncompleteChimeAnswerError("GetMeeting", consult.consultId);
    return meeting;
  } catch (error) {
    if (!(error instanceof NotFoundException)) throw error;
    await deps.store.endConsultMeeting(consult.consultId, live.meetingId);
    return null;
  }
}

/** The caller's attendee in a live meeting, or null when the meeting ended meanwhile. */
async function createAttendee(
  deps: JoinDependencies,
  consult: Consult,
  meeting: Meeting,
  caller: Participant,
): Promise<Attendee | null> {
  try {
    const { Attendee: attendee } = await deps.chime.send(
      new CreateAttendeeCommand(createAttendeeRequest(meeting.MeetingId ?? "", caller)),
    );
    if (!attendee) throw new IncompleteChimeAnswerError("CreateAttendee", consult.consultId);
    return attendee;
  } catch (error) {
    if (error instanceof NotFoundException) return null;
    throw error;
  }
}

async function startMeeting(
  deps: JoinDependencies,
  consult: Consult,
  caller: Participant,
): Promise<JoinInfo> {
  const generation = consult.meeting ? consult.meeting.generation + 1 : 0;
  const created = await deps.chime.send(
    new CreateMeetingWithAttendeesCommand(createMeetingRequest(consult, generation, caller, deps.settings)),
  );
  const meeting = created.Meeting;
  if (!meeting?.MeetingId)
    throw new IncompleteChimeAnswerError("CreateMeetingWithAttendees", consult.consultId);
  const stored = await deps.store.attachConsultMeeting(consult.consultId, generation, meeting.MeetingId);
  if (stored.meeting?.meetingId !== meeting.MeetingId) {
    throw new IncompleteChimeAnswerError("CreateMeetingWithAttendees", consult.consultId);
  }
  const attendee =
    created.Attendees?.find((a) => a.ExternalUserId === caller.userId) ??
    (await createAttendee(deps, consult, meeting, caller));
  if (!attendee) throw new IncompleteChimeAnswerError("CreateAttendee", consult.consultId);
  return { Meeting: meeting, Attendee: attendee };
}
