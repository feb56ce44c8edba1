import {
  type ChimeSDKMeetingsClient,
  DeleteMeetingCommand,
  NotFoundException,
} from "@aws-sdk/client-chime-sdk-meetings";
import { participantWithRole } from "./access.js";
import { liveMeetingOf } from "./consult.js";
import type { ConsultStore } from "./consult-store.js";
import { ConsultNotFoundError } from "./errors.js";

/**
 * A clinician ends the consult's live meeting (DeleteMeeting; Chime then sends MeetingEnded, from which the
 * pipeline runs). Ending a consult with no live meeting changes nothing. Returns the meeting ended, if any.
 *
 * @example
 * const { meetingId } = await endConsultMeeting({ store, chime }, consultId, userId);
 */
export async function endConsultMeeting(
  deps: { store: ConsultStore; chime: ChimeSDKMeetingsClient },
  consultId: string,
  userId: string,
): Promise<{ consultId: string; meetingId: string | null }> {
  const consult = await deps.store.findConsult(consultId);
  if (!consult) throw new ConsultNotFoundError(consultId);
  participantWithRole(consult, userId, ["clinician"], "end its meeting");
  const live = liveMeetingOf(consult);
  if (!live) return { consultId, meetingId: null };
  try {
    await deps.chime.send(new DeleteMeetingCommand({ MeetingId: live.meetingId }));
  } catch (error) {
    if (!(error instanceof NotFoundException)) throw error;
  }
  await deps.store.endConsultMeeting(consultId, live.meetingId);
  return { consultId, meetingId: live.meetingId };
}
