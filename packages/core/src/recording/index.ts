export {
  assertEncryptedWith,
  ObjectNotLockedError,
  RecordingNotEncryptedError,
  RecordingNotFoundError,
  retainUntilOf,
} from "./encryption.js";
export { capturePrefix, concatenationPrefix, meetingIdOfRecording } from "./keys.js";
export { chimeMediaPipelines } from "./media-pipelines.js";
export { captureRequest, concatenationRequest, mediaPipelineArn, type PipelineTarget } from "./pipelines.js";
export {
  finishMeeting,
  type MediaPipelines,
  MediaRegionMismatchError,
  MeetingNotActiveError,
  type NotRecorded,
  type RecordingStart,
  startRecording,
} from "./start.js";
