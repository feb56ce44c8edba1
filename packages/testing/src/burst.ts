import { randomUUID } from "node:crypto";
import { COMPREHEND_APIS, type ComprehendApi } from "@medpipe/core/entities";
import { COMPREHEND_CPS, COMPREHEND_TPS } from "@medpipe/core/quotas";
import { consultBundle } from "../../cli/src/consult/bundle.js";
import { type LocalQuotas, realisticTranscribeSeconds } from "../../cli/src/local/pipeline.js";
import { seeded } from "./random.js";
import type { Rig } from "./rig.js";

export interface BurstOptions {
  consults: number;
  /** The consults' lengths are drawn between these, in minutes. */
  minutes: { min: number; max: number };
  /** Every consult ends within this many minutes of the first end. */
  endWithinMinutes: number;
  seed: number;
  /** The account's quotas the stand-ins enforce, beyond AWS's defaults. */
  quotas?: Partial<LocalQuotas>;
}

/** What a burst did: the issue's `burst` fields, and the highest use of each quota against the quota. */
export interface BurstReport {
  consults: number;
  /** Executions that did not succeed. */
  failed: number;
  /** Consults that ended without their entities in the database. */
  lost: number;
  /** Virtual seconds from the first MeetingEnded to the last consult's results posted. */
  makespanSeconds: number;
  /**
   * The slowest transcription, counted from the first end (a consult's end plus its Transcribe job's length, the
   * longest of these), plus every Comprehend Medical request of the burst at the quota.
   */
  lowerBoundSeconds: number;
  ratio: number;
  peaks: {
    mediaPipelines: { used: number; quota: number };
    transcribeJobs: { used: number; quota: number };
    lambdaConcurrency: { used: number; quota: number };
    comprehendRequestsPerSecond: Record<string, { used: number; quota: number }>;
    /** The most characters sent within one second, per API (a one-second burst lets it reach up to twice the quota). */
    comprehendCharactersPerSecond: Record<string, { used: number; quota: number }>;
  };
  /**
   * Step Functions state transitions per consult, the mean over the burst (every execution of its events, polls
   * and waits for capacity included): what Standard workflows bill.
   */
  transitionsPerConsult: number;
  /** Requests the stand-ins refused for a quota: none, when every step waited for its turn instead. */
  refused: { comprehend: number; transcribeJobs: number; mediaPipelines: number };
  /** Real seconds the simulation took. */
  wallSeconds: number;
}

/**
 * A clinic's busiest hour on the rig: `consults` consults of random lengths whose MeetingEnded events all come
 * within `endWithinMinutes`, each event delivered at its own time on the virtual clock, through the whole
 * pipeline under the account's quotas. Returns the burst's figures.
 *
 * @example
 * const report = await runBurst(rig, { consults: 30, minutes: { min: 5, max: 60 }, endWithinMinutes: 10, seed: 1 });
 */
export async function runBurst(rig: Rig, options: BurstOptions): Promise<BurstReport> {
  const random = seeded(options.seed);
  const firstEnd = new Date("2026-06-01T10:00:00Z").getTime();
  const consults = Array.from({ length: options.consults }, (_, i) => {
    const minutes = Math.round(options.minutes.min + random() * (options.minutes.max - options.minutes.min));
    const endsAt = i === 0 ? firstEnd : firstEnd + Math.round(random() * options.endWithinMinutes * 60_000);
    const meetingId = randomUUID();
    const bundle = consultBundle({
      minutes,
      seed: options.seed * 100_000 + i,
      startedAt: new Date(endsAt - minutes * 60_000),
      meetingId,
    });
    const transcript = Buffer.from(JSON.stringify(bundle.transcribeOutput));
    return { meetingId, minutes, endsAt, bundle, transcript };
  });
  const transcripts = new Map<string, Buffer>(
    consults.map((consult) => [consult.meetingId, consult.transcript]),
  );
  const events = consults.flatMap((consult) => Object.values(consult.bundle.events));
  const start = new Date(Math.min(...events.map((event) => Date.parse(event.time))));
  const pipeline = await rig.pipeline({
    transcript: ({ meetingId }) => transcripts.get(meetingId) ?? Buffer.from("{}"),
    start,
    quotas: options.quotas,
  });
  const wallStarted = performance.now();
  for (const event of events) pipeline.deliver(event);
  await pipeline.drain();
  const wallSeconds = (performance.now() - wallStarted) / 1000;

  const results = await rig.results();
  const coded = new Set(results.transcripts.map((row) => String(row.meeting_id)));
  const ends = events
    .filter((event) => event.detail.eventType === "chime:MeetingEnded")
    .map((event) => Date.parse(event.time));
  const posted = pipeline.executions
    .filter((execution) => execution.workflow === "transcription" && execution.status === "SUCCEEDED")
    .map((execution) => Date.parse(execution.stopDate ?? ""));
  const makespanSeconds = (Math.max(...posted) - Math.min(...ends)) / 1000;

  const standin = pipeline.services.comprehend;
  const atQuota = COMPREHEND_APIS.map((api) => {
    const { requests = 0, characters = 0 } = standin?.answered[api] ?? {};
    return Math.max(requests / COMPREHEND_TPS[api], characters / COMPREHEND_CPS[api]);
  });
  const slowestTranscription = Math.max(
    ...consults.map(
      (consult) => (consult.endsAt - firstEnd) / 1000 + realisticTranscribeSeconds(consult.minutes * 60),
    ),
  );
  const lowerBoundSeconds = slowestTranscription + Math.max(...atQuota);
  const quotas = pipeline.quotas;
  return {
    consults: options.consults,
    failed: pipeline.executions.filter((execution) => execution.status !== "SUCCEEDED").length,
    lost: consults.filter((consult) => !coded.has(consult.meetingId)).length,
    makespanSeconds: Math.round(makespanSeconds),
    lowerBoundSeconds: Math.round(lowerBoundSeconds),
    ratio: Number((makespanSeconds / lowerBoundSeconds).toFixed(3)),
    peaks: {
      mediaPipelines: { used: pipeline.services.chime.peakPipelines, quota: quotas.mediaPipelines },
      transcribeJobs: {
        used: pipeline.services.transcribe.peakConcurrentJobs,
        quota: quotas.transcribeConcurrentJobs,
      },
      lambdaConcurrency: { used: pipeline.lambda.peakConcurrency, quota: quotas.lambdaConcurrency },
      comprehendRequestsPerSecond: peaksAgainst(standin?.peakRequestsPerSecond, COMPREHEND_TPS),
      comprehendCharactersPerSecond: peaksAgainst(standin?.peakCharactersPerSecond, COMPREHEND_CPS),
    },
    transitionsPerConsult: Math.round(
      pipeline.executions.reduce((sum, execution) => sum + execution.stateTransitions, 0) / options.consults,
    ),
    refused: {
      comprehend: standin?.count ?? 0,
      transcribeJobs: pipeline.services.transcribe.refusedJobs,
      mediaPipelines: pipeline.services.chime.refusedPipelines,
    },
    wallSeconds: Math.round(wallSeconds),
  };
}

/** Each Comprehend Medical API's peak beside its quota, for the APIs the burst called. */
function peaksAgainst(
  peaks: Partial<Record<ComprehendApi, number>> | undefined,
  quotas: Record<ComprehendApi, number>,
): Record<string, { used: number; quota: number }> {
  return Object.fromEntries(
    COMPREHEND_APIS.flatMap((api) => {
      const used = peaks?.[api];
      return used === undefined ? [] : [[api, { used, quota: quotas[api] }]];
    }),
  );
}
