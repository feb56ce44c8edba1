export { assertJoinable, assertOpen, participantOf, participantWithRole } from "./access.js";
export { giveRecordingConsent, recordingConsentEntry } from "./consent.js";
export {
  type Consult,
  type ConsultMeeting,
  consultDocument,
  liveMeetingOf,
  PARTICIPANT_ROLES,
  type Participant,
  type ParticipantRole,
} from "./consult.js";
export { type ConsultStore, createConsultStore, type RecordingConsent } from "./consult-store.js";
export { endConsultMeeting } from "./end.js";
export {
  ConsultClosedError,
  ConsultNotFoundError,
  ConsultRequestError,
  NotParticipantError,
  OutsideJoinWindowError,
  WrongRoleError,
} from "./errors.js";
export { IncompleteChimeAnswerError, type JoinDependencies, type JoinInfo, joinConsult } from "./join.js";
export {
  CAPABILITIES,
  CONSULT_MAX_ATTENDEES,
  createAttendeeRequest,
  createMeetingRequest,
  type MeetingSettings,
  meetingRequestToken,
} from "./meeting-request.js";
export { type ConsultSchedule, consultSchedule, InvalidScheduleError, readSchedule } from "./schedule.js";
export { type ConsultStatus, consultStatus } from "./status.js";
