/** The `detail-type` of the event the consent API puts when a patient consents while their meeting is live. */
export const RECORDING_CONSENT_GIVEN = "Recording Consent Given";

/** The `detail` of a Recording Consent Given event (source `MEDPIPE_SOURCE`), as {@link parseEvent} reads it. */
export interface RecordingConsentGivenDetail {
  /** The consult (the app's appointment id, a UUID). */
  consultId: string;
  /** The live Chime meeting that may start recording now (UUID). */
  meetingId: string;
  /** The meeting's ExternalMeetingId: the consult id. */
  externalMeetingId: string;
  /** When the patient consented, ISO-8601. */
  consentedAt: string;
  /** When the event was put, epoch milliseconds (like Chime's own `detail.timestamp`). */
  timestamp: number;
}
