import { UNKNOWN_SPEAKER } from "../transcript/parse.js";
import type { Turn } from "../transcript/turn.js";
import type { Concept, Entity } from "./document.js";
import type { Found } from "./response.js";

/** Which ontology an Infer* API links to: the key of its concepts in the entities document. */
export type ConceptSource = keyof Entity["concepts"];

interface Draft {
  found: Found;
  concepts: Record<ConceptSource, Concept[]>;
}

/**
 * The document's entities: DetectEntitiesV2's, with the concepts of each Infer* entity attached to the one it
 * overlaps most (then the one with the same offsets, then of the same category, then the earliest). An entity of another category matches
 * only with the same offsets: a condition containing an anatomy word is not that anatomy. An Infer* entity that
 * matches none becomes an entity of its own, shared with other Infer* APIs' entities of the same offsets.
 * Each entity is given the speaker and times of the turn it starts in; entities come in document order (by
 * beginOffset, then type).
 *
 * @example
 * mergeEntities(detected, [{ source: "rxnorm", found: rxnorm }], transcript.turns);
 */
export function mergeEntities(
  detected: readonly Found[],
  inferred: ReadonlyArray<{ source: ConceptSource; found: readonly Found[] }>,
  turns: readonly Turn[],
): Entity[] {
  const drafts: Draft[] = [...detected]
    .sort(documentOrder)
    .map((found) => ({ found, concepts: noConcepts() }));
  const own: Draft[] = [];
  for (const { source, found } of inferred) {
    for (const entity of found) {
      const match = mostOverlapping(drafts, entity) ?? own.find((draft) => sameSpan(draft.found, entity));
      if (match) match.concepts[source].push(...entity.concepts);
      else own.push({ found: entity, concepts: { ...noConcepts(), [source]: [...entity.concepts] } });
    }
  }
  return [...drafts, ...own]
    .map(({ found, concepts }) => {
      const turn = turnAt(turns, found.beginOffset);
      return {
        category: found.category,
        type: found.type,
        text: found.text,
        beginOffset: found.beginOffset,
        endOffset: found.endOffset,
        score: found.score,
        speaker: turn?.speaker ?? UNKNOWN_SPEAKER,
        startTime: turn?.startTime ?? 0,
        endTime: turn?.endTime ?? 0,
        traits: found.traits,
        attributes: [...found.attributes].sort(documentOrder),
        modelVersion: found.modelVersion,
        concepts: {
          icd10cm: distinct(concepts.icd10cm),
          rxnorm: distinct(concepts.rxnorm),
          snomedct: distinct(concepts.snomedct),
        },
      };
    })
    .sort(documentOrder);
}

function noConcepts(): Record<ConceptSource, Concept[]> {
  return { icd10cm: [], rxnorm: [], snomedct: [] };
}

function mostOverlapping(drafts: readonly Draft[], entity: Found): Draft | undefined {
  let best: Draft | undefined;
  let bestRank = [0, 0, 0];
  for (const draft of drafts) {
    const { beginOffset: begin, endOffset: end, category } = draft.found;
    const overlap = Math.min(end, entity.endOffset) - Math.max(begin, entity.beginOffset);
    const same = sameSpan(draft.found, entity);
    if (overlap <= 0 || (!same && category !== entity.category)) continue;
    const rank = [overlap, same ? 1 : 0, category === entity.category ? 1 : 0];
    if (isAbove(rank, bestRank)) {
      best = draft;
      bestRank = rank;
    }
  }
  return best;
}

function sameSpan(a: Found, b: Found): boolean {
  return a.beginOffset === b.beginOffset && a.endOffset === b.endOffset;
}

function isAbove(rank: readonly number[], other: readonly number[]): boolean {
  for (let i = 0; i < rank.length; i++) {
    const difference = (rank[i] ?? 0) - (other[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return false;
}

/** One entry per code, the best score kept, best first. */
function distinct(concepts: readonly Concept[]): Concept[] {
  const byCode = new Map<string, Concept>();
  for (const concept of concepts) {
    const known = byCode.get(concept.code);
    if (!known || concept.score > known.score) byCode.set(concept.code, concept);
  }
  return [...byCode.values()].sort((a, b) => b.score - a.score || compare(a.code, b.code));
}

/** The turn an offset falls in; an offset on the newline between two turns belongs to the next one. */
function turnAt(turns: readonly Turn[], offset: number): Turn | undefined {
  let low = 0;
  let high = turns.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((turns[middle]?.endOffset ?? 0) <= offset) low = middle + 1;
    else high = middle;
  }
  return turns[low] ?? turns.at(-1);
}

function documentOrder(
  a: { beginOffset: number; endOffset: number; type: string },
  b: { beginOffset: number; endOffset: number; type: string },
): number {
  return a.beginOffset - b.beginOffset || compare(a.type, b.type) || a.endOffset - b.endOffset;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
