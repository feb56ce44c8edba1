export {
  assertEncryptedWith,
  ObjectNotLockedError,
  RecordingNotEncryptedError,
  RecordingNotFoundError,
  RecordingUnavailableError,
  recordingHeadError,
  retainUntilOf,
} from "./encryption.js";
export { capturePrefix, concatenationPrefix, meetingIdOfRecording } from "./keys.js";
export { chimeMediaPipelines } from "./media-pipelines.js";
export { captureRequest, concatenationRequest, mediaPipelineArn, type PipelineTarget } from "./pipelines.js";
export { MEDIA_PIPELINES_ROLE, MEDIA_PIPELINES_SERVICE } from "./service-linked-role.js";
export {
  finishMeeting,
  type MediaPipelines,
  MediaRegionMismatchError,
  type MeetingFinish,
  MeetingNotActiveError,
  type NotRecorded,
  type RecordingStart,
  startRecording,
  startRecordingOnConsent,
} from "./start.js";
