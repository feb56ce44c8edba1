export * from "./job.js";
export { parseTranscribeOutput, SOLE_SPEAKER, TranscribeOutputError, UNKNOWN_SPEAKER } from "./parse.js";
export { type TranscribeOutput, transcribeOutputSchema } from "./transcribe-output.js";
export type { Transcript, Turn } from "./turn.js";
