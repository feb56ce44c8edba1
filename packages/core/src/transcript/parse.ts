import { toDotPath } from "zod/v4/core";
import { type TranscribeItem, type TranscribeOutput, transcribeOutputSchema } from "./transcribe-output.js";
import type { Transcript, Turn } from "./turn.js";

/** The speaker of words no speaker segment covers when no earlier word had a speaker either. */
export const UNKNOWN_SPEAKER = "spk_unknown";

/** The one speaker of an output made without speaker identification, named as Transcribe names its first. */
export const SOLE_SPEAKER = "spk_0";

/**
 * A Transcribe output file the pipeline cannot read. Names the field (a path such as
 * `results.items[3].start_time`) and the reason, never a value: values are what the patient said.
 */
export class TranscribeOutputError extends Error {
  override name = "TranscribeOutputError";

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid Transcribe output at ${field}: ${reason}`);
  }
}

/**
 * The consult from a Transcribe Medical batch output file's text. Text that is not JSON is refused without a word
 * of it: JSON.parse's own message quotes the text it choked on, and that text is what the patient said.
 *
 * @example
 * const transcript = readTranscribeOutput(await object.Body.transformToString("utf-8"));
 */
export function readTranscribeOutput(text: string): Transcript {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TranscribeOutputError("(document)", "is not valid JSON");
  }
  return parseTranscribeOutput(json);
}

/**
 * The consult as speaker turns from a Transcribe Medical batch output file (already JSON-parsed).
 * Consecutive words of one speaker form a turn; punctuation joins the word before it; turns are joined by "\n".
 *
 * @example
 * const transcript = parseTranscribeOutput(JSON.parse(await readFile(path, "utf8")));
 * transcript.text.slice(transcript.turns[0].beginOffset, transcript.turns[0].endOffset); // the first turn
 */
export function parseTranscribeOutput(json: unknown): Transcript {
  const parsed = transcribeOutputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TranscribeOutputError(
      toDotPath(issue?.path ?? []) || "(document)",
      issue?.message ?? "invalid",
    );
  }
  return transcriptOf(parsed.data);
}

function transcriptOf(output: TranscribeOutput): Transcript {
  const speakerOf = speakerLookup(output);
  const turns: Turn[] = [];
  let text = "";
  let turn: Turn | undefined;
  for (const item of output.results.items) {
    const content = item.alternatives[0]?.content ?? "";
    if (content === "") continue;
    if (item.type === "punctuation") {
      // Punctuation before the first word has no word to join; it carries nothing worth keeping.
      if (!turn) continue;
      text += content;
      turn.endOffset = text.length;
      continue;
    }
    const speaker = speakerOf(item) ?? turn?.speaker ?? UNKNOWN_SPEAKER;
    if (turn && turn.speaker === speaker) {
      text += ` ${content}`;
      turn.endOffset = text.length;
      turn.endTime = Math.max(turn.endTime, item.end_time);
      continue;
    }
    if (turn) text += "\n";
    turn = {
      speaker,
      startTime: item.start_time,
      endTime: item.end_time,
      beginOffset: text.length,
      endOffset: text.length + content.length,
    };
    text += content;
    turns.push(turn);
  }
  return { text, turns };
}

type Pronunciation = Extract<TranscribeItem, { type: "pronunciation" }>;

/**
 * Who said a word: its own label (standard Transcribe puts one on each item), else the speaker segment item
 * with the same times (Transcribe Medical), else the segment spanning it; undefined when nothing says.
 */
function speakerLookup(output: TranscribeOutput): (item: Pronunciation) => string | undefined {
  const segments = output.results.speaker_labels?.segments;
  const labelledItems = output.results.items.some((item) => "speaker_label" in item && item.speaker_label);
  if (!segments && !labelledItems) return () => SOLE_SPEAKER;
  const byTimes = new Map<string, string>();
  for (const segment of segments ?? []) {
    for (const item of segment.items)
      byTimes.set(timesKey(item.start_time, item.end_time), item.speaker_label);
  }
  return (item) =>
    item.speaker_label ??
    byTimes.get(timesKey(item.start_time, item.end_time)) ??
    segments?.find((s) => s.start_time <= item.start_time && item.end_time <= s.end_time)?.speaker_label;
}

function timesKey(start: number, end: number): string {
  return `${start}-${end}`;
}
