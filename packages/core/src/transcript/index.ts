export * from "./job.js";
export {
  parseTranscribeOutput,
  readTranscribeOutput,
  SOLE_SPEAKER,
  TranscribeOutputError,
  UNKNOWN_SPEAKER,
} from "./parse.js";
export { type TranscribeOutput, transcribeOutputSchema } from "./transcribe-output.js";
export { type TranscriptionRequest, transcribeRecording } from "./transcription.js";
export type { Transcript, Turn } from "./turn.js";
