import type { Transcript, Turn } from "../transcript/turn.js";
import { CodePoints } from "./codepoints.js";
import { API_LIMITS, type ApiLimit, BILLING_UNIT_CHARS, type ComprehendApi } from "./limits.js";

/**
 * One request's slice of the transcript text, `text.slice(begin, end)`. A plan's chunks are contiguous and cover
 * the text exactly, separators included, so an offset in a chunk plus `begin` is an offset in the text.
 */
export interface Chunk {
  /** UTF-16 offsets into the transcript text. */
  begin: number;
  end: number;
  /** Unicode code points: what the service counts and bills. */
  chars: number;
  /** UTF-8 bytes. */
  bytes: number;
}

/** What a cut at a position costs the analysis: cutting between turns least, inside a word most. */
const CUT_PENALTY = { turn: 1, sentence: 2, word: 4, insideWord: 1024 } as const;

/**
 * The requests one API needs for a transcript, each within the API's limit, billed together exactly the floor
 * ⌈chars/100⌉, and cut where the text least minds: between turns, else sentences, else words.
 *
 * @example
 * const chunks = planChunks(transcript, "InferRxNorm");
 * chunks.map((c) => transcript.text.slice(c.begin, c.end)).join("") === transcript.text; // true
 */
export function planChunks(transcript: Transcript, api: ComprehendApi): Chunk[] {
  return chunkPlanner(transcript)(api);
}

/**
 * {@link planChunks} for several APIs of one transcript: the text is indexed once, and APIs with the same limit
 * (InferICD10CM and InferRxNorm) share one plan.
 */
export function chunkPlanner(transcript: Transcript): (api: ComprehendApi) => Chunk[] {
  const points = new CodePoints(transcript.text);
  const penaltyAt = cutPenalty(points, transcript.turns);
  const plans = new Map<string, Chunk[]>();
  return (api) => {
    const limit = API_LIMITS[api];
    const key = `${limit.maxBytes}/${limit.maxChars}`;
    const plan = plans.get(key) ?? cover(points, penaltyAt, limit);
    plans.set(key, plan);
    return plan;
  };
}

/**
 * Billing: ⌈a/100⌉ + ⌈b/100⌉ exceeds ⌈(a+b)/100⌉ unless a or b is a multiple of 100, so every chunk but the last
 * starts and ends at a multiple of 100 code points; then the units add up to exactly ⌈chars/100⌉. Such cuts
 * always exist (100 code points are at most 400 bytes, far under every limit), never split a surrogate pair
 * (positions count code points), and among them a shortest-path search picks the plan whose cuts cost the
 * analysis least, then the one with fewest requests.
 */
export function chunksWithin(transcript: Transcript, limit: ApiLimit): Chunk[] {
  const points = new CodePoints(transcript.text);
  return cover(points, cutPenalty(points, transcript.turns), limit);
}

function cover(points: CodePoints, penaltyAt: (at: number) => number, limit: ApiLimit): Chunk[] {
  const n = points.count;
  if (n === 0) return [];
  const cuts: number[] = [];
  for (let p = 0; p < n; p += BILLING_UNIT_CHARS) cuts.push(p);
  cuts.push(n);
  const fits = (from: number, to: number): boolean =>
    (limit.maxBytes === undefined || points.bytesBetween(from, to) <= limit.maxBytes) &&
    (limit.maxChars === undefined || points.utf16Between(from, to) <= limit.maxChars);

  // best[j]: the cheapest cover of the text up to cuts[j], and the cut its last chunk starts at. The cuts a
  // chunk ending at cuts[j] may start at form a window that only moves forward, so a queue keeps the window's
  // candidates, cheapest first (of equals, the later start), and each cut enters and leaves it once.
  const best: Cover[] = [{ penalty: 0, chunks: 0, from: 0 }];
  const candidates: number[] = [];
  let front = 0;
  for (let j = 1; j < cuts.length; j++) {
    const to = cuts[j] ?? n;
    const latest = best[j - 1] ?? best[0];
    while (candidates.length > front && !cheaper(best[candidates.at(-1) ?? 0], latest)) candidates.pop();
    candidates.push(j - 1);
    while (candidates.length > front && !fits(cuts[candidates[front] ?? 0] ?? 0, to)) front++;
    const from = candidates[front];
    const prior = from === undefined ? undefined : best[from];
    const choice =
      prior && from !== undefined
        ? { penalty: prior.penalty, chunks: prior.chunks + 1, from }
        : { penalty: Number.POSITIVE_INFINITY, chunks: 0, from: j - 1 };
    const own = j === cuts.length - 1 ? 0 : penaltyAt(to);
    best.push({ penalty: choice.penalty + own, chunks: choice.chunks, from: choice.from });
  }

  const chunks: Chunk[] = [];
  for (let j = cuts.length - 1; j > 0; j = best[j]?.from ?? 0) {
    const from = cuts[best[j]?.from ?? 0] ?? 0;
    const to = cuts[j] ?? n;
    chunks.push({
      begin: points.utf16Offset(from),
      end: points.utf16Offset(to),
      chars: to - from,
      bytes: points.bytesBetween(from, to),
    });
  }
  return chunks.reverse();
}

interface Cover {
  penalty: number;
  chunks: number;
  from: number;
}

/** Whether a cover is strictly cheaper than another: less penalty, then fewer chunks. */
function cheaper(a: Cover | undefined, b: Cover | undefined): boolean {
  if (!a || !b) return false;
  return a.penalty < b.penalty || (a.penalty === b.penalty && a.chunks < b.chunks);
}

function cutPenalty(points: CodePoints, turns: readonly Turn[]): (at: number) => number {
  const turnEdges = new Set<number>();
  for (const turn of turns) {
    for (const offset of [turn.beginOffset, turn.endOffset]) {
      const index = points.indexOfUtf16(offset);
      if (index !== undefined) turnEdges.add(index);
    }
  }
  return (at) => {
    const before = points.at(at - 1);
    const after = points.at(at);
    if (turnEdges.has(at)) return CUT_PENALTY.turn;
    const sentence =
      (SENTENCE_ENDS.has(before) && (isSpace(after) || FULL_WIDTH_ENDS.has(before))) ||
      (isSpace(before) && SENTENCE_ENDS.has(points.at(at - 2)));
    if (sentence) return CUT_PENALTY.sentence;
    if (isSpace(before) || isSpace(after)) return CUT_PENALTY.word;
    return CUT_PENALTY.insideWord;
  };
}

const codes = (characters: string): Set<number> => new Set([...characters].map((c) => c.codePointAt(0) ?? 0));
const SENTENCE_ENDS = codes(".!?。！？");
/** Ends of sentences in scripts that put no space after them. */
const FULL_WIDTH_ENDS = codes("。！？");

function isSpace(codePoint: number): boolean {
  return /\s/u.test(String.fromCodePoint(codePoint));
}
