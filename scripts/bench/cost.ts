import type { ComprehendApi } from "@medpipe/core/entities";
import { TASK_VARIABLE } from "@medpipe/core/workflow";
import type { ConsultRun } from "./consult-run.js";
import type { Price, PriceTable } from "./prices.js";
import { transitionsOf } from "./transitions.js";

/** The services a consult is billed for, as the cost estimate names them. */
export const SERVICES = [
  "transcribeMedical",
  "comprehendMedical",
  "stepFunctions",
  "lambda",
  "s3",
  "chimeMediaPipelines",
] as const;

export type Service = (typeof SERVICES)[number];

/** What one consult used, counted from its local run. */
export interface ConsultUsage {
  /** Minutes of audio Transcribe Medical transcribed: the consult's length for each job started. */
  transcribedMinutes: number;
  /** 100-character units billed per Comprehend Medical API, from the requests made. */
  comprehendUnits: Partial<Record<ComprehendApi, number>>;
  stateTransitions: number;
  lambda: { requests: number; gbSeconds: number };
  s3: { put: number; get: number };
  /** Minutes the media pipelines ran: the consult's length for each pipeline created. */
  mediaPipelineMinutes: { capture: number; concatenation: number };
}

/** The estimate of one consult: dollars per service that could be priced, and the services that could not. */
export interface ConsultCost {
  dollars: Partial<Record<Service, number>>;
  /** Services the consult used whose price is not confirmed: left out of `dollars`, never guessed. */
  unpriced: Service[];
}

/**
 * What a consult of `minutes` used, from its local run: the calls its handlers made, its executions, and its
 * Lambda invocations with the memory each task's function has.
 */
export function consultUsage(run: ConsultRun, memoryMb: Readonly<Record<string, number>>): ConsultUsage {
  const calls = (client: string, command: string) => run.calls[client]?.[command] ?? 0;
  return {
    transcribedMinutes: run.minutes * calls("transcribe", "StartMedicalTranscriptionJobCommand"),
    comprehendUnits: run.comprehendUnits,
    stateTransitions: transitionsOf(run.executions),
    lambda: { requests: run.lambda.length, gbSeconds: lambdaGbSeconds(run.lambda, memoryMb) },
    s3: s3Requests(run.calls.s3 ?? {}),
    mediaPipelineMinutes: {
      capture: run.minutes * calls("chime", "CreateMediaCapturePipelineCommand"),
      concatenation: run.minutes * calls("chime", "CreateMediaConcatenationPipelineCommand"),
    },
  };
}

/** The memory (MB) of each task's Lambda in a synthesized CloudFormation template, by task name. */
export function lambdaMemoryMb(template: {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}): Record<string, number> {
  const memory: Record<string, number> = {};
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== "AWS::Lambda::Function") continue;
    const environment = resource.Properties?.Environment as
      | { Variables?: Record<string, unknown> }
      | undefined;
    const task = environment?.Variables?.[TASK_VARIABLE];
    const size = resource.Properties?.MemorySize;
    if (typeof task === "string" && typeof size === "number") memory[task] = size;
  }
  return memory;
}

const COMPREHEND_PRICE = {
  DetectEntitiesV2: "detectEntitiesV2Unit",
  InferICD10CM: "inferICD10CMUnit",
  InferRxNorm: "inferRxNormUnit",
  InferSNOMEDCT: "inferSNOMEDCTUnit",
} as const satisfies Record<ComprehendApi, keyof PriceTable>;

/**
 * Dollars per service for one consult's usage at the given prices. A service that used something with no
 * confirmed price is listed as unpriced instead.
 *
 * @example
 * costOf(usage, PRICES).dollars.transcribeMedical; // 4.5 for a 60-minute consult
 */
export function costOf(usage: ConsultUsage, prices: PriceTable): ConsultCost {
  const lines: Record<Service, Array<[quantity: number, price: Price]>> = {
    transcribeMedical: [[usage.transcribedMinutes, prices.transcribeMedicalMinute]],
    comprehendMedical: Object.entries(COMPREHEND_PRICE).map(([api, price]) => [
      usage.comprehendUnits[api as ComprehendApi] ?? 0,
      prices[price],
    ]),
    stepFunctions: [[usage.stateTransitions, prices.stepFunctionsTransition]],
    lambda: [
      [usage.lambda.requests, prices.lambdaRequest],
      [usage.lambda.gbSeconds, prices.lambdaArmGbSecond],
    ],
    s3: [
      [usage.s3.put, prices.s3PutRequest],
      [usage.s3.get, prices.s3GetRequest],
    ],
    chimeMediaPipelines: [
      [usage.mediaPipelineMinutes.capture, prices.chimeMediaCaptureMinute],
      [usage.mediaPipelineMinutes.concatenation, prices.chimeMediaConcatenationMinute],
    ],
  };
  const cost: ConsultCost = { dollars: {}, unpriced: [] };
  for (const service of SERVICES) {
    const used = lines[service].filter(([quantity]) => quantity > 0);
    if (used.some(([, price]) => price.usd === null)) cost.unpriced.push(service);
    else
      cost.dollars[service] = used.reduce((sum, [quantity, price]) => sum + quantity * (price.usd ?? 0), 0);
  }
  return cost;
}

/**
 * GB-seconds Lambda bills for these invocations: each one's duration rounded up to the millisecond (at least
 * one) times its function's memory.
 *
 * @example
 * lambdaGbSeconds([{ task: "record-failure", ms: 20 }], { "record-failure": 256 }); // 0.005
 */
export function lambdaGbSeconds(
  invocations: ReadonlyArray<{ task: string; ms: number }>,
  memoryMb: Readonly<Record<string, number>>,
): number {
  return invocations.reduce((sum, { task, ms }) => {
    const memory = memoryMb[task];
    if (memory === undefined) throw new Error(`no memory size for the Lambda of task ${task}`);
    return sum + (Math.max(1, Math.ceil(ms)) / 1000) * (memory / 1024);
  }, 0);
}

/**
 * S3 requests by price tier from calls counted per command: PUT, COPY, POST and LIST are one tier, GET, HEAD
 * and the rest another; DELETE is free.
 *
 * @example
 * s3Requests({ PutObjectCommand: 2, GetObjectCommand: 3, HeadObjectCommand: 1 }); // { put: 2, get: 4 }
 */
export function s3Requests(calls: Readonly<Record<string, number>>): { put: number; get: number } {
  const tiers = { put: 0, get: 0 };
  for (const [command, count] of Object.entries(calls)) {
    if (/^Delete/.test(command)) continue;
    if (/^(Put|Copy|Post|List|Create|Upload|Complete)/.test(command)) tiers.put += count;
    else tiers.get += count;
  }
  return tiers;
}
