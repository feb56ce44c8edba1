import * as z from "zod";
import { toDotPath } from "zod/v4/core";
import type { Chunk } from "./chunk.js";
import { CodePoints } from "./codepoints.js";
import type { Attribute, Concept, Trait } from "./document.js";
import { ComprehendResponseError, type RequestContext } from "./errors.js";

const offset = z.number().int().min(0);
const trait = z.object({ Name: z.string(), Score: z.number() });
/** Concept fields are optional in the SDK types; a concept without a code links nothing and is dropped. */
const concept = z.object({
  Code: z.string().optional(),
  Description: z.string().optional(),
  Score: z.number().optional(),
});
const attribute = z.object({
  Type: z.string(),
  Score: z.number(),
  RelationshipType: z.string().optional(),
  BeginOffset: offset,
  EndOffset: offset,
  Text: z.string(),
  Traits: z.array(trait).optional(),
});
const entity = z.object({
  Category: z.string(),
  Type: z.string(),
  Text: z.string(),
  BeginOffset: offset,
  EndOffset: offset,
  Score: z.number(),
  Traits: z.array(trait).optional(),
  Attributes: z.array(attribute).optional(),
  ICD10CMConcepts: z.array(concept).optional(),
  RxNormConcepts: z.array(concept).optional(),
  SNOMEDCTConcepts: z.array(concept).optional(),
});

/**
 * What the pipeline reads of a DetectEntitiesV2, InferICD10CM, InferRxNorm or InferSNOMEDCT response: the
 * SDK's `Entity`, `ICD10CMEntity`, `RxNormEntity` and `SNOMEDCTEntity` share these fields.
 */
export const comprehendResponseSchema = z.object({
  Entities: z.array(entity),
  /** Required in DetectEntitiesV2 responses, optional in the Infer* APIs' (Comprehend Medical API reference). */
  ModelVersion: z.string().min(1).optional(),
});

/** The model version of an entity whose response reported none. */
export const UNREPORTED_MODEL_VERSION = "unreported";

/** An entity one request found, its offsets moved into the whole transcript text. */
export interface Found {
  category: string;
  type: string;
  text: string;
  beginOffset: number;
  endOffset: number;
  score: number;
  traits: Trait[];
  attributes: Attribute[];
  /** The ontology concepts an Infer* API linked it to; none from DetectEntitiesV2. */
  concepts: Concept[];
  /** The ModelVersion of the response it came from. */
  modelVersion: string;
}

/**
 * The entities of one response, located in the whole transcript: each offset in the chunk plus the chunk's begin,
 * checked to index the entity's own text; and the response's model version, when it reported one.
 */
export function foundIn(
  response: unknown,
  request: { context: RequestContext; chunk: Chunk; text: string },
): { found: Found[]; modelVersion: string | null } {
  const parsed = comprehendResponseSchema.safeParse(response);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ComprehendResponseError(
      request.context,
      toDotPath(issue?.path ?? []) || "(response)",
      issue?.message ?? "invalid",
    );
  }
  const locate = locator(request);
  const modelVersion = parsed.data.ModelVersion ?? null;
  const found = parsed.data.Entities.map((e, i) => ({
    category: e.Category,
    type: e.Type,
    text: e.Text,
    ...locate(e, `Entities[${i}]`),
    score: e.Score,
    traits: traitsOf(e.Traits),
    attributes: (e.Attributes ?? []).map((a, j) => ({
      type: a.Type,
      text: a.Text,
      ...locate(a, `Entities[${i}].Attributes[${j}]`),
      score: a.Score,
      relationshipType: a.RelationshipType ?? null,
      traits: traitsOf(a.Traits),
    })),
    concepts: (e.ICD10CMConcepts ?? e.RxNormConcepts ?? e.SNOMEDCTConcepts ?? []).flatMap((c) =>
      c.Code === undefined ? [] : [{ code: c.Code, description: c.Description ?? "", score: c.Score ?? 0 }],
    ),
    modelVersion: modelVersion ?? UNREPORTED_MODEL_VERSION,
  }));
  return { found, modelVersion };
}

/**
 * Comprehend Medical documents its offsets as code points; JavaScript indexes UTF-16 code units. The two agree
 * on text without astral characters (emoji), so the code point reading is tried first and the UTF-16 one second,
 * and whichever indexes the entity's own text wins; if neither does, the response is broken.
 */
function locator(request: { context: RequestContext; chunk: Chunk; text: string }) {
  const { chunk, text, context } = request;
  const points = new CodePoints(text);
  return (
    span: { BeginOffset: number; EndOffset: number; Text: string },
    field: string,
  ): { beginOffset: number; endOffset: number } => {
    const { BeginOffset: begin, EndOffset: end, Text: expected } = span;
    if (begin <= end && end <= points.count) {
      const from = points.utf16Offset(begin);
      const to = points.utf16Offset(end);
      if (text.slice(from, to) === expected)
        return { beginOffset: chunk.begin + from, endOffset: chunk.begin + to };
    }
    if (begin <= end && end <= text.length && text.slice(begin, end) === expected) {
      return { beginOffset: chunk.begin + begin, endOffset: chunk.begin + end };
    }
    throw new ComprehendResponseError(context, field, "BeginOffset and EndOffset do not index its Text");
  };
}

function traitsOf(traits: ReadonlyArray<{ Name: string; Score: number }> | undefined): Trait[] {
  return (traits ?? []).map((t) => ({ name: t.Name, score: t.Score }));
}
