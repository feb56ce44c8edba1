import { MEDPIPE_SOURCE } from "../events/meeting-timed-out.js";
import {
  RECORDING_CONSENT_GIVEN,
  type RecordingConsentGivenDetail,
} from "../events/recording-consent-given.js";
import { assertOpen, participantWithRole } from "./access.js";
import { type Consult, liveMeetingOf } from "./consult.js";
import type { ConsultStore } from "./consult-store.js";
import { ConsultNotFoundError } from "./errors.js";

/**
 * The PutEvents entry that tells the pipeline a live meeting may be recorded now: onto the default bus, so that
 * it is routed, archived and replayable like Chime's own events. Null when the consult has no consent or no
 * live meeting (its next meeting's MeetingStarted finds the consent instead).
 *
 * @example
 * const entry = recordingConsentEntry(consult, new Date());
 * if (entry) await eventBridge.send(new PutEventsCommand({ Entries: [entry] }));
 */
export function recordingConsentEntry(
  consult: Consult,
  now: Date,
): { Source: string; DetailType: string; Time: Date; Detail: string } | null {
  const meeting = liveMeetingOf(consult);
  if (!meeting || !consult.consent) return null;
  const detail: RecordingConsentGivenDetail = {
    consultId: consult.consultId,
    meetingId: meeting.meetingId,
    externalMeetingId: consult.consultId,
    consentedAt: consult.consent.givenAt,
    timestamp: now.getTime(),
  };
  return {
    Source: MEDPIPE_SOURCE,
    DetailType: RECORDING_CONSENT_GIVEN,
    Time: now,
    Detail: JSON.stringify(detail),
  };
}

/**
 * The patient consents to recording: recorded once (consenting again keeps the first time). Only the consult's
 * patient may, and not on a closed consult.
 *
 * @example
 * const consult = await giveRecordingConsent(store, consultId, userId);
 */
export async function giveRecordingConsent(
  store: ConsultStore,
  consultId: string,
  userId: string,
): Promise<Consult> {
  const consult = await store.findConsult(consultId);
  if (!consult) throw new ConsultNotFoundError(consultId);
  const patient = participantWithRole(consult, userId, ["patient"], "give recording consent");
  assertOpen(consult);
  return store.recordRecordingConsent(consultId, patient.userId);
}
