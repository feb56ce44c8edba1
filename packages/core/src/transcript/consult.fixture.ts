import fc from "fast-check";
import type { Transcript, Turn } from "./turn.js";

/** Test data: transcripts built the way the parser builds them, from speaker turns of words. */

/** Words of a consult, with the multi-byte characters real transcripts carry (µg, °F, accents, emoji, CJK). */
export const CONSULT_WORDS = [
  "the",
  "patient",
  "reports",
  "a",
  "fever",
  "of",
  "101.3°F",
  "and",
  "a",
  "dry",
  "cough",
  "since",
  "Monday",
  "she",
  "takes",
  "metformin",
  "500",
  "mg",
  "twice",
  "a",
  "day",
  "levothyroxine",
  "25",
  "µg",
  "daily",
  "by",
  "mouth",
  "denies",
  "chest",
  "pain",
  "no",
  "headache",
  "blood",
  "pressure",
  "is",
  "140/90",
  "café",
  "naïve",
  "Zoë",
  "crème",
  "😷",
  "🤒",
  "👩‍⚕️",
  "糖尿病",
  "高血压",
  "ok",
  "right",
  "hmm",
  "I",
  "see",
];

/** A transcript of the given turns (speaker and words), joined as the parser joins them; times are made up. */
export function transcriptOf(
  turns: ReadonlyArray<{ speaker: string; words: readonly string[] }>,
): Transcript {
  const result: Turn[] = [];
  let text = "";
  let time = 0;
  for (const { speaker, words } of turns) {
    if (words.length === 0) continue;
    if (result.length > 0) text += "\n";
    const beginOffset = text.length;
    text += words.join(" ");
    const startTime = time;
    time += words.length * 0.4;
    result.push({ speaker, startTime, endTime: time, beginOffset, endOffset: text.length });
    time += 0.3;
  }
  return { text, turns: result };
}

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CONSULT_WORDS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 8 }) },
);

/** Random consults: up to `maxTurns` turns of up to `maxWords` words, some ending a sentence. */
export function consultArbitrary(maxTurns = 30, maxWords = 40): fc.Arbitrary<Transcript> {
  const turn = fc.record({
    speaker: fc.constantFrom("spk_0", "spk_1"),
    words: fc.array(word, { minLength: 1, maxLength: maxWords }),
    end: fc.constantFrom("", ".", "?", "!"),
  });
  return fc
    .array(turn, { maxLength: maxTurns })
    .map((turns) => transcriptOf(turns.map((t) => ({ speaker: t.speaker, words: withEnd(t.words, t.end) }))));
}

function withEnd(words: readonly string[], end: string): string[] {
  const last = words.length - 1;
  return words.map((w, i) => (i === last ? w + end : w));
}

/**
 * A deterministic two-speaker consult of about `minutes` minutes at 150 spoken words a minute, in turns of 1 to
 * 60 words (a seeded generator, so every run plans the same text).
 */
export function syntheticConsult(minutes: number, seed = 1): Transcript {
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const turns: Array<{ speaker: string; words: string[] }> = [];
  let spoken = 0;
  while (spoken < minutes * 150) {
    const words = Array.from(
      { length: 1 + next(60) },
      () => CONSULT_WORDS[next(CONSULT_WORDS.length)] ?? "ok",
    );
    spoken += words.length;
    turns.push({ speaker: `spk_${turns.length % 2}`, words: withEnd(words, next(3) === 0 ? "?" : ".") });
  }
  return transcriptOf(turns);
}
