import {
  type ComprehendMedicalClient,
  DetectEntitiesV2Command,
  type DetectEntitiesV2Response,
  type Entity,
  InferICD10CMCommand,
  type InferICD10CMResponse,
  InferRxNormCommand,
  type InferRxNormResponse,
  InferSNOMEDCTCommand,
  type InferSNOMEDCTResponse,
  type RxNormAttribute,
  type SNOMEDCTEntity,
  TextSizeLimitExceededException,
  TooManyRequestsException,
} from "@aws-sdk/client-comprehendmedical";
import { API_LIMITS, type ComprehendApi } from "@medpipe/core/entities";
import { COMPREHEND_CPS, COMPREHEND_TPS } from "@medpipe/core/quotas";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { standIn } from "./aws/stand-in.js";
import {
  ANATOMY,
  type AnatomyTerm,
  CONDITIONS,
  type Coding,
  type ConditionTerm,
  DOSAGE,
  FREQUENCY,
  MEDICATIONS,
  type MedicationTerm,
  NEGATION,
  PROCEDURES,
  type ProcedureTerm,
  ROUTE_OR_MODE,
} from "./comprehend-lexicon.js";

/**
 * OFFLINE STAND-IN for Amazon Comprehend Medical, for local mode without an AWS account: answers from a small
 * lexicon (./comprehend-lexicon.ts), in exactly the SDK's response shapes, so that the production extractor runs
 * unchanged with the SDK faked at its boundary. Its answers are plausible, not clinical.
 */
export const STANDIN_MODEL_VERSION = "medpipe-offline-standin";

export interface StandinResponses {
  DetectEntitiesV2: DetectEntitiesV2Response;
  InferICD10CM: InferICD10CMResponse;
  InferRxNorm: InferRxNormResponse;
  InferSNOMEDCT: InferSNOMEDCTResponse;
}

const SCORE = 0.9;

type Mention =
  | { kind: "medication"; term: MedicationTerm; begin: number; end: number }
  | { kind: "condition"; term: ConditionTerm; begin: number; end: number }
  | { kind: "procedure"; term: ProcedureTerm; begin: number; end: number }
  | { kind: "anatomy"; term: AnatomyTerm; begin: number; end: number };

type Term = Pick<Mention, "kind" | "term">;

const TERMS = new Map<string, Term>([
  ...MEDICATIONS.flatMap((term) => term.names.map((n): [string, Term] => [n, { kind: "medication", term }])),
  ...CONDITIONS.flatMap((term) => term.names.map((n): [string, Term] => [n, { kind: "condition", term }])),
  ...PROCEDURES.flatMap((term) => term.names.map((n): [string, Term] => [n, { kind: "procedure", term }])),
  ...ANATOMY.flatMap((term) => term.names.map((n): [string, Term] => [n, { kind: "anatomy", term }])),
]);

/** Every lexicon name, longest first so that "chest pain" wins over "chest". */
const MENTION = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...TERMS.keys()]
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|")})(?![\\p{L}\\p{N}])`,
  "giu",
);

/**
 * The stand-in's answer to one request: the response `api` would give for `text`, offsets in code points as the
 * service counts them. Text over the API's size limit is refused as the service refuses it.
 *
 * @example
 * comprehendStandin("InferRxNorm", "she takes metformin 500 mg").Entities?.[0]?.RxNormConcepts?.[0]?.Code; // "6809"
 */
export function comprehendStandin<A extends ComprehendApi>(api: A, text: string): StandinResponses[A] {
  checkSize(api, text);
  const responses: { [K in ComprehendApi]: () => StandinResponses[K] } = {
    DetectEntitiesV2: () => detectEntities(text),
    InferICD10CM: () => inferIcd10cm(text),
    InferRxNorm: () => inferRxNorm(text),
    InferSNOMEDCT: () => inferSnomedct(text),
  };
  return responses[api]();
}

/**
 * Answers the Comprehend Medical calls of an aws-sdk-client-mock mock with the stand-in, throttling each API
 * past its account-wide quotas of requests and of characters per second (token buckets as deep as one second's
 * quota) with the service's TooManyRequestsException. Keeps the highest rates, of requests and of characters, each API
 * was used at.
 *
 * @example
 * installComprehendStandin(mockClient(ComprehendMedicalClient));
 */
export function installComprehendStandin(mock: AwsClientStub<ComprehendMedicalClient>) {
  const throttled = {
    count: 0,
    peakRequestsPerSecond: {} as Partial<Record<ComprehendApi, number>>,
    /** The most characters answered within one second, per API. */
    peakCharactersPerSecond: {} as Partial<Record<ComprehendApi, number>>,
    /** Requests answered and their characters, per API. */
    answered: {} as Partial<Record<ComprehendApi, { requests: number; characters: number }>>,
  };
  const answer = <A extends ComprehendApi>(api: A) => {
    const requests = tokenBucket(COMPREHEND_TPS[api]);
    const characters = tokenBucket(COMPREHEND_CPS[api]);
    const recent: { at: number; chars: number }[] = [];
    let recentChars = 0;
    return ({ Text }: { Text?: string }) => {
      const chars = [...(Text ?? "")].length;
      if (!requests.take(1) || !characters.take(chars)) {
        throttled.count++;
        throw new TooManyRequestsException({
          message: "You have made too many requests within a short period of time.",
          $metadata: { httpStatusCode: 400 },
        });
      }
      const now = Date.now();
      recent.push({ at: now, chars });
      recentChars += chars;
      while ((recent[0]?.at ?? now) <= now - 1000) recentChars -= recent.shift()?.chars ?? 0;
      throttled.peakRequestsPerSecond[api] = Math.max(
        throttled.peakRequestsPerSecond[api] ?? 0,
        recent.length,
      );
      throttled.peakCharactersPerSecond[api] = Math.max(
        throttled.peakCharactersPerSecond[api] ?? 0,
        recentChars,
      );
      const answered = throttled.answered[api] ?? { requests: 0, characters: 0 };
      throttled.answered[api] = { requests: answered.requests + 1, characters: answered.characters + chars };
      return comprehendStandin(api, Text ?? "");
    };
  };
  standIn(mock, DetectEntitiesV2Command, answer("DetectEntitiesV2"));
  standIn(mock, InferICD10CMCommand, answer("InferICD10CM"));
  standIn(mock, InferRxNormCommand, answer("InferRxNorm"));
  standIn(mock, InferSNOMEDCTCommand, answer("InferSNOMEDCT"));
  return throttled;
}

/** `perSecond` units a second on `Date.now()` (the virtual clock locally), with a one-second burst. */
function tokenBucket(perSecond: number) {
  let tokens = perSecond;
  let at: number | null = null;
  return {
    take(units: number): boolean {
      const now = Date.now();
      tokens = Math.min(perSecond, tokens + (Math.max(0, now - (at ?? now)) / 1000) * perSecond);
      at = now;
      if (tokens < units) return false;
      tokens -= units;
      return true;
    },
  };
}

function checkSize(api: ComprehendApi, text: string): void {
  const { maxBytes, maxChars } = API_LIMITS[api];
  const tooLong =
    (maxBytes !== undefined && Buffer.byteLength(text, "utf8") > maxBytes) ||
    (maxChars !== undefined && [...text].length > maxChars);
  if (tooLong) {
    throw new TextSizeLimitExceededException({
      message: `${api}: text exceeds the size limit`,
      $metadata: { httpStatusCode: 400 },
    });
  }
}

function detectEntities(text: string): DetectEntitiesV2Response {
  const ids = counter();
  const at = codePointIndex(text);
  const Entities = mentionsIn(text).map(
    (m): Entity => ({
      Id: ids(),
      ...span(text, at, m.begin, m.end),
      Score: SCORE,
      ...categoryOf(m),
      Traits: traitsOf(text, m),
      Attributes:
        m.kind === "medication"
          ? attributesOf(text, at, m, ids).map((a) => ({ ...a, RelationshipType: a.Type }))
          : [],
    }),
  );
  return { Entities, UnmappedAttributes: [], ModelVersion: STANDIN_MODEL_VERSION };
}

function inferIcd10cm(text: string): InferICD10CMResponse {
  const ids = counter();
  const at = codePointIndex(text);
  const Entities = mentionsIn(text).flatMap((m) =>
    m.kind === "condition"
      ? [
          {
            Id: ids(),
            ...span(text, at, m.begin, m.end),
            Category: "MEDICAL_CONDITION" as const,
            Type: "DX_NAME" as const,
            Score: SCORE,
            Attributes: [],
            Traits: traitsOf(text, m),
            ICD10CMConcepts: [concept(m.term.icd10cm)],
          },
        ]
      : [],
  );
  return { Entities, ModelVersion: STANDIN_MODEL_VERSION };
}

function inferRxNorm(text: string): InferRxNormResponse {
  const ids = counter();
  const at = codePointIndex(text);
  const Entities = mentionsIn(text).flatMap((m) =>
    m.kind === "medication"
      ? [
          {
            Id: ids(),
            ...span(text, at, m.begin, m.end),
            Category: "MEDICATION" as const,
            Type: "GENERIC_NAME" as const,
            Score: SCORE,
            Attributes: attributesOf(text, at, m, ids),
            Traits: traitsOf(text, m).filter((t) => t.Name === "NEGATION") as Array<{
              Name: "NEGATION";
              Score: number;
            }>,
            RxNormConcepts: [concept(m.term.rxnorm)],
          },
        ]
      : [],
  );
  return { Entities, ModelVersion: STANDIN_MODEL_VERSION };
}

/**
 * Conditions, tests, treatments and procedures with their SNOMED CT concepts. The service also returns anatomy
 * (the developer guide's sample does), but the SDK's SNOMEDCTEntityType has no type for it, so the stand-in,
 * coded against the SDK, leaves anatomy out.
 */
function inferSnomedct(text: string): InferSNOMEDCTResponse {
  const ids = counter();
  const at = codePointIndex(text);
  const Entities = mentionsIn(text).flatMap((m): SNOMEDCTEntity[] => {
    if (m.kind !== "condition" && m.kind !== "procedure") return [];
    const coding = m.term.snomedct;
    return [
      {
        Id: ids(),
        ...span(text, at, m.begin, m.end),
        ...(m.kind === "condition"
          ? { Category: "MEDICAL_CONDITION", Type: "DX_NAME" }
          : { Category: "TEST_TREATMENT_PROCEDURE", Type: m.term.type }),
        Score: SCORE,
        Attributes: [],
        Traits: traitsOf(text, m),
        SNOMEDCTConcepts: coding ? [concept(coding)] : [],
      },
    ];
  });
  return {
    Entities,
    ModelVersion: STANDIN_MODEL_VERSION,
    SNOMEDCTDetails: { Edition: "US", Language: "en", VersionDate: "20240301" },
    Characters: { OriginalTextCharacters: [...text].length },
  };
}

/** Lexicon names in the text, longest match first, none overlapping; offsets in UTF-16. */
function mentionsIn(text: string): Mention[] {
  return [...text.matchAll(MENTION)].flatMap((match) => {
    const found = TERMS.get(match[0].toLowerCase());
    return found ? [{ ...found, begin: match.index, end: match.index + match[0].length } as Mention] : [];
  });
}

function categoryOf(m: Mention): Pick<Entity, "Category" | "Type"> {
  switch (m.kind) {
    case "medication":
      return { Category: "MEDICATION", Type: "GENERIC_NAME" };
    case "condition":
      return { Category: "MEDICAL_CONDITION", Type: "DX_NAME" };
    case "procedure":
      return { Category: "TEST_TREATMENT_PROCEDURE", Type: m.term.type };
    case "anatomy":
      return { Category: "ANATOMY", Type: "SYSTEM_ORGAN_SITE" };
  }
}

/** The traits every API can report: a condition's kind, and negation. */
interface StandinTrait {
  Name: ConditionTerm["trait"] | "NEGATION";
  Score: number;
}

function traitsOf(text: string, m: Mention): StandinTrait[] {
  const traits: StandinTrait[] = [];
  if (m.kind === "condition") traits.push({ Name: m.term.trait, Score: SCORE });
  if (NEGATION.test(text.slice(Math.max(0, m.begin - 40), m.begin)))
    traits.push({ Name: "NEGATION", Score: SCORE });
  return traits;
}

/** Dosage, frequency and route in the rest of the medication's sentence, up to 60 characters on. */
function attributesOf(
  text: string,
  at: (utf16: number) => number,
  m: Mention,
  ids: () => number,
): RxNormAttribute[] {
  const rest = text.slice(m.end, m.end + 60);
  const clause = rest.slice(0, rest.search(/[.?!\n]|$/u));
  const kinds = [
    ["DOSAGE", DOSAGE],
    ["FREQUENCY", FREQUENCY],
    ["ROUTE_OR_MODE", ROUTE_OR_MODE],
  ] as const;
  return kinds.flatMap(([Type, pattern]) => {
    const match = pattern.exec(clause);
    if (!match) return [];
    const begin = m.end + match.index;
    return [
      {
        Type,
        Id: ids(),
        ...span(text, at, begin, begin + match[0].length),
        Score: SCORE,
        RelationshipScore: SCORE,
        Traits: [],
      },
    ];
  });
}

function concept(coding: Coding): { Code: string; Description: string; Score: number } {
  return { Code: coding.code, Description: coding.description, Score: SCORE };
}

function span(text: string, at: (utf16: number) => number, begin: number, end: number) {
  return { BeginOffset: at(begin), EndOffset: at(end), Text: text.slice(begin, end) };
}

/** Converts a UTF-16 offset into the code point offset the service reports. */
function codePointIndex(text: string): (utf16: number) => number {
  const index = new Uint32Array(text.length + 1);
  for (let i = 0, points = 0; i <= text.length; i++) {
    index[i] = points;
    const code = text.charCodeAt(i);
    // A high surrogate and the low one after it are one code point: count it at the low one.
    if (!(code >= 0xd800 && code <= 0xdbff)) points++;
  }
  return (utf16) => index[utf16] ?? 0;
}

function counter(): () => number {
  let next = 0;
  return () => next++;
}
