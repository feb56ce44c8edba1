import * as z from "zod";

const offsets = {
  beginOffset: z.number().int().min(0),
  endOffset: z.number().int().min(0),
};

export const conceptSchema = z.object({
  code: z.string(),
  description: z.string(),
  score: z.number(),
});

export const traitSchema = z.object({ name: z.string(), score: z.number() });

export const attributeSchema = z.object({
  type: z.string(),
  text: z.string(),
  ...offsets,
  score: z.number(),
  relationshipType: z.string().nullable(),
  traits: z.array(traitSchema),
});

export const entitySchema = z.object({
  category: z.string(),
  type: z.string(),
  text: z.string(),
  ...offsets,
  score: z.number(),
  speaker: z.string(),
  startTime: z.number(),
  endTime: z.number(),
  traits: z.array(traitSchema),
  attributes: z.array(attributeSchema),
  concepts: z.object({
    icd10cm: z.array(conceptSchema),
    rxnorm: z.array(conceptSchema),
    snomedct: z.array(conceptSchema),
  }),
  /** The ModelVersion of the DetectEntitiesV2 (or, for an entity only an Infer* API found, that API's) response. */
  modelVersion: z.string().min(1),
});

/**
 * The entities document: what Comprehend Medical found in one consult, every offset indexing `text` exactly
 * (`text.slice(e.beginOffset, e.endOffset) === e.text` for every entity and attribute). Other tools read it.
 */
export const entitiesDocumentSchema = z.object({
  meetingId: z.string(),
  /** The transcription job the text came from. */
  jobName: z.string(),
  text: z.string(),
  turns: z.array(
    z.object({
      speaker: z.string(),
      startTime: z.number(),
      endTime: z.number(),
      ...offsets,
    }),
  ),
  entities: z.array(entitySchema),
  /** Which APIs were called, how often, how many 100-character units they billed and which models answered. */
  comprehend: z.record(
    z.string(),
    z.object({
      requests: z.number().int(),
      billedUnits: z.number().int(),
      floorUnits: z.number().int(),
      modelVersions: z.array(z.string()),
    }),
  ),
  createdAt: z.string(),
});

export type Concept = z.infer<typeof conceptSchema>;
export type Trait = z.infer<typeof traitSchema>;
export type Attribute = z.infer<typeof attributeSchema>;
export type Entity = z.infer<typeof entitySchema>;
export type EntitiesDocument = z.infer<typeof entitiesDocumentSchema>;
