import {
  type ComprehendMedicalClient,
  DetectEntitiesV2Command,
  InferICD10CMCommand,
  InferRxNormCommand,
  InferSNOMEDCTCommand,
} from "@aws-sdk/client-comprehendmedical";
import pLimit from "p-limit";
import { toDotPath } from "zod/v4/core";
import { comprehendReservations } from "../capacity/comprehend-pacing.js";
import type { RateBuckets, RateReservation } from "../capacity/rate.js";
import { SinkUnavailableError } from "../sink/sink-error.js";
import type { Transcript } from "../transcript/turn.js";
import { type ApiUsage, usageOf } from "./billing.js";
import { type Chunk, chunkPlanner } from "./chunk.js";
import { type EntitiesDocument, entitiesDocumentSchema } from "./document.js";
import { EntitiesDocumentError } from "./errors.js";
import { API_LIMITS, type ComprehendApi } from "./limits.js";
import { type ConceptSource, mergeEntities } from "./merge.js";
import { type Pace, realPace } from "./pace.js";
import { apisFor } from "./plan.js";
import { type Found, foundIn } from "./response.js";
import { backoffDelay, callWithRetry, DEFAULT_RETRY, type RetryPolicy } from "./retry.js";

export interface ExtractOptions {
  meetingId: string;
  /** The transcription job the transcript came from. */
  jobName: string;
  transcript: Transcript;
  client: ComprehendMedicalClient;
  /** Also link SNOMED CT concepts (InferSNOMEDCT, 2 TPS). */
  snomedct: boolean;
  /** The account's Comprehend Medical quotas, shared with every consult in flight: each request takes its turn. */
  rates: RateBuckets;
  /** When the document is made: its `createdAt`. */
  now: Date;
  /** Clock and sleep for pacing and backoff: real time unless a test passes a virtual one. */
  pace?: Pace;
  retry?: Partial<RetryPolicy>;
}

const CONCEPT_SOURCES: Record<Exclude<ComprehendApi, "DetectEntitiesV2">, ConceptSource> = {
  InferICD10CM: "icd10cm",
  InferRxNorm: "rxnorm",
  InferSNOMEDCT: "snomedct",
};

/**
 * The entities document of a consult: Comprehend Medical's entities with their ICD-10-CM, RxNorm (and SNOMED CT)
 * concepts, offsets into the whole transcript, speakers and times. Requests are cut to bill the fewest units,
 * paced under each API's quotas through the shared rate buckets (so that however many consults are extracted at
 * once, the account stays under its quotas) and retried when throttled; the first request that fails for good
 * fails it.
 *
 * @example
 * const document = await extractEntities({ meetingId, jobName, transcript, client: new ComprehendMedicalClient({}),
 *   snomedct: config.entities.snomedct, rates: supabaseRateBuckets(client), now: new Date() });
 */
export async function extractEntities(options: ExtractOptions): Promise<EntitiesDocument> {
  const { meetingId, transcript } = options;
  const stop = new AbortController();
  const plan = chunkPlanner(transcript);
  const results = await Promise.all(
    apisFor(options).map((api) => callApi(api, plan(api), options, stop.signal)),
  ).catch((error: unknown) => {
    stop.abort();
    throw error;
  });
  const detected = results.find((r) => r.api === "DetectEntitiesV2")?.found ?? [];
  const inferred = results.flatMap(({ api, found }) =>
    api === "DetectEntitiesV2" ? [] : [{ source: CONCEPT_SOURCES[api], found }],
  );
  const document = {
    meetingId,
    jobName: options.jobName,
    text: transcript.text,
    turns: transcript.turns,
    entities: mergeEntities(detected, inferred, transcript.turns),
    comprehend: Object.fromEntries(results.map((r) => [r.api, r.usage])),
    createdAt: options.now.toISOString(),
  };
  const checked = entitiesDocumentSchema.safeParse(document);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new EntitiesDocumentError(meetingId, toDotPath(issue?.path ?? []), issue?.message ?? "invalid");
  }
  return checked.data;
}

async function callApi(
  api: ComprehendApi,
  chunks: Chunk[],
  options: ExtractOptions,
  signal: AbortSignal,
): Promise<{ api: ComprehendApi; usage: ApiUsage & { modelVersions: string[] }; found: Found[] }> {
  const { transcript, meetingId } = options;
  const pace = options.pace ?? realPace;
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const inFlight = pLimit(API_LIMITS[api].maxInFlight);
  const answers = await Promise.all(
    chunks.map((chunk, request) =>
      inFlight(async () => {
        const context = { meetingId, api, request };
        const text = transcript.text.slice(chunk.begin, chunk.end);
        const response = await callWithRetry(context, () => send(options.client, api, text, signal), {
          policy,
          pace,
          // Every attempt spends the account's quota, so each takes its turn of the shared rate buckets.
          takeTurn: () => takeTurn(options.rates, comprehendReservations(api, chunk.chars), { policy, pace }),
        });
        return foundIn(response, { context, chunk, text });
      }),
    ),
  );
  const sizes = chunks.map((c) => c.chars);
  // The chunks cover the text exactly, so their code points add up to the text's.
  const chars = sizes.reduce((sum, size) => sum + size, 0);
  const modelVersions = [...new Set(answers.flatMap((a) => (a.modelVersion ? [a.modelVersion] : [])))].sort();
  return { api, usage: { ...usageOf(sizes, chars), modelVersions }, found: answers.flatMap((a) => a.found) };
}

/**
 * Waits for the reservations' turn of the shared rate buckets. The database that keeps them not answering is
 * asked again under the same backoff and, if it outlasts it, fails the extraction as SinkUnavailableError, which
 * the workflow retries: a busy database is not a failed consult.
 */
async function takeTurn(
  rates: RateBuckets,
  reservations: RateReservation[],
  { policy, pace }: { policy: RetryPolicy; pace: Pace },
): Promise<void> {
  for (let failures = 1; ; failures++) {
    try {
      await pace.sleep(await rates.reserve(reservations));
      return;
    } catch (error) {
      if (!(error instanceof SinkUnavailableError) || failures >= policy.maxAttempts) throw error;
      await pace.sleep(backoffDelay(failures, policy));
    }
  }
}

function send(
  client: ComprehendMedicalClient,
  api: ComprehendApi,
  Text: string,
  signal: AbortSignal,
): Promise<unknown> {
  // Once one request has failed for good the extraction has failed: send nothing more that would be billed.
  signal.throwIfAborted();
  switch (api) {
    case "DetectEntitiesV2":
      return client.send(new DetectEntitiesV2Command({ Text }));
    case "InferICD10CM":
      return client.send(new InferICD10CMCommand({ Text }));
    case "InferRxNorm":
      return client.send(new InferRxNormCommand({ Text }));
    case "InferSNOMEDCT":
      return client.send(new InferSNOMEDCTCommand({ Text }));
  }
}
