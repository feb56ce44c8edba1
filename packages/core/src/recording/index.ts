export { assertEncryptedWith, RecordingNotEncryptedError, RecordingNotFoundError } from "./encryption.js";
export { capturePrefix, concatenationPrefix, meetingIdOfRecording } from "./keys.js";
export { captureRequest, concatenationRequest, mediaPipelineArn, type PipelineTarget } from "./pipelines.js";
