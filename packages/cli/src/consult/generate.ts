import { consultDialogue, type Speaker, type Turn } from "./dialogue.js";
import { Random } from "./random.js";
import { type Token, tokenize } from "./tokens.js";

/** A Transcribe Medical batch output file (conversation, speaker labels) as AWS writes it: times are strings of seconds. */
export interface TranscribeMedicalOutput {
  jobName: string;
  accountId: string;
  results: {
    transcripts: { transcript: string }[];
    speaker_labels: {
      speakers: number;
      segments: {
        start_time: string;
        end_time: string;
        speaker_label: string;
        items: { start_time: string; end_time: string; speaker_label: string }[];
      }[];
    };
    items: (
      | {
          start_time: string;
          end_time: string;
          alternatives: { confidence: string; content: string }[];
          type: "pronunciation";
        }
      | { alternatives: { content: string }[]; type: "punctuation" }
    )[];
  };
  status: "COMPLETED";
}

/** What to generate: a consult of `minutes` minutes, the same one for the same `seed` (an integer). */
export interface ConsultOptions {
  minutes: number;
  seed: number;
}

/** Shortest consult: a greeting, one problem's first questions and a goodbye. */
const MIN_MINUTES = 3;
/** Longest consult: Transcribe accepts media of up to four hours. */
const MAX_MINUTES = 240;
/** Speech pace, words per minute: unhurried conversation. */
const PACE = { min: 148, max: 152 };
const LABELS: Record<Speaker, string> = { clinician: "spk_0", patient: "spk_1" };

/**
 * A synthetic telehealth consult of `minutes` minutes, as Transcribe Medical would transcribe its recording:
 * the same seed gives the same consult, byte for byte. No real patient: people, values and events are invented.
 *
 * @example
 * const output = generateConsult({ minutes: 30, seed: 7 });
 * parseTranscribeOutput(output).turns[0].speaker; // "spk_0", the clinician
 */
export function generateConsult({ minutes, seed }: ConsultOptions): TranscribeMedicalOutput {
  if (!(minutes >= MIN_MINUTES && minutes <= MAX_MINUTES)) {
    throw new RangeError(`a consult lasts ${MIN_MINUTES} to ${MAX_MINUTES} minutes, not ${minutes}`);
  }
  const random = new Random(seed);
  const dialogue = consultDialogue(random, Math.round(minutes * random.between(PACE.min, PACE.max)));
  const spoken = timeSpeech(random, dialogue, minutes * 60_000);
  const items: TranscribeMedicalOutput["results"]["items"] = [];
  const segments: TranscribeMedicalOutput["results"]["speaker_labels"]["segments"] = [];
  for (const turn of spoken) {
    const speaker_label = LABELS[turn.speaker];
    const words = turn.tokens.filter((token) => token.type === "pronunciation");
    segments.push({
      start_time: seconds(words[0]?.start ?? 0),
      end_time: seconds(words.at(-1)?.end ?? 0),
      speaker_label,
      items: words.map((word) => ({
        start_time: seconds(word.start),
        end_time: seconds(word.end),
        speaker_label,
      })),
    });
    for (const token of turn.tokens) {
      items.push(
        token.type === "punctuation"
          ? { alternatives: [{ content: token.content }], type: "punctuation" }
          : {
              start_time: seconds(token.start),
              end_time: seconds(token.end),
              alternatives: [{ confidence: confidence(random), content: token.content }],
              type: "pronunciation",
            },
      );
    }
  }
  return {
    jobName: `medpipe-consult-${seed}`,
    accountId: "000000000000",
    results: {
      transcripts: [{ transcript: transcriptText(spoken.flatMap((turn) => turn.tokens)) }],
      speaker_labels: { speakers: 2, segments },
      items,
    },
    status: "COMPLETED",
  };
}

type TimedToken =
  | { type: "pronunciation"; content: string; start: number; end: number }
  | { type: "punctuation"; content: string };

interface SpokenTurn {
  speaker: Speaker;
  tokens: TimedToken[];
}

/** Silence in milliseconds: before the first word, after the last, and between words as speech has it. */
const SILENCE = {
  lead: [400, 1500],
  trail: [500, 2000],
  turn: [300, 1400],
  sentence: [200, 600],
  comma: [80, 250],
  word: [10, 80],
} as const satisfies Record<string, [number, number]>;

/**
 * Times every word of the dialogue (milliseconds from the start of the recording) so that speech fills
 * `duration`: pauses between turns, after sentences and commas, and words as long as they take to say.
 */
function timeSpeech(random: Random, dialogue: Turn[], duration: number): SpokenTurn[] {
  const tokens = dialogue.map((turn) => tokenize(turn.text));
  const lead = random.int(...SILENCE.lead);
  const trail = random.int(...SILENCE.trail);
  const pauses = tokens.map((turnTokens, turn) => pausesIn(random, turnTokens, turn === tokens.length - 1));
  const totalPause = pauses.flat().reduce((sum, pause) => sum + pause, 0);
  const totalLength = tokens
    .flat()
    .reduce((sum, token) => sum + (token.type === "punctuation" ? 0 : spokenLength(token.content)), 0);
  const millisPerUnit = (duration - lead - trail - totalPause) / totalLength;
  let at = lead;
  return dialogue.map((turn, t) => ({
    speaker: turn.speaker,
    tokens: (tokens[t] ?? []).map((token, index): TimedToken => {
      if (token.type === "punctuation") return { type: "punctuation", content: token.content };
      const start = Math.round(at);
      at += spokenLength(token.content) * millisPerUnit;
      const end = Math.round(at);
      at += pauses[t]?.[index] ?? 0;
      return { ...token, type: "pronunciation", start, end };
    }),
  }));
}

/** The silence after each token of a turn: longest after its last word, shorter after a sentence or a comma. */
function pausesIn(random: Random, tokens: Token[], lastTurn: boolean): number[] {
  return tokens.map((token, index) => {
    if (token.type === "punctuation") return 0;
    const rest = tokens.slice(index + 1);
    const next = rest.findIndex((later) => later.type === "pronunciation");
    if (next === -1) return lastTurn ? 0 : random.int(...SILENCE.turn);
    const marks = rest.slice(0, next).map((mark) => mark.content);
    if (marks.some((mark) => ".?!".includes(mark))) return random.int(...SILENCE.sentence);
    if (marks.includes(",")) return random.int(...SILENCE.comma);
    return random.chance(0.6) ? 0 : random.int(...SILENCE.word);
  });
}

/** Units spoken as words. */
const UNITS: Record<string, number> = { mg: 10, µg: 10, mL: 10 };

/** How long a word takes to say, in letters: digits, points and degrees take several syllables each. */
function spokenLength(word: string): number {
  const letters = [...word].reduce((sum, char) => sum + (/[\d./]/.test(char) ? 4 : char === "°" ? 14 : 1), 0);
  return 2 + (UNITS[word] ?? letters);
}

/** How sure Transcribe is of a word: mostly near certain, now and then down to 0.8. */
function confidence(random: Random): string {
  return (1 - 0.2 * random.next() ** 3).toFixed(4);
}

function seconds(millis: number): string {
  return (millis / 1000).toFixed(3);
}

/** The transcript as Transcribe writes it: words separated by spaces, punctuation right after its word. */
function transcriptText(tokens: TimedToken[]): string {
  return tokens
    .map((token, index) =>
      token.type === "punctuation" || index === 0 ? token.content : ` ${token.content}`,
    )
    .join("");
}
