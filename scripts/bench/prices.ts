/**
 * The price table the cost estimate uses: list prices in US dollars for the pipeline's regions (data in
 * eu-west-1, Chime media pipelines in eu-central-1), first tier, no free tier, no discounts.
 *
 * Read on 2026-11-21 through the search tool the benchmark was written with (page excerpts, not whole pages).
 * Each price says where it comes from:
 * - `aws`: the figure is on the AWS pricing page named.
 * - `secondary`: the AWS page named confirms how the service bills, but its rate table was not in the text that
 *   could be read; the figure is what public copies of that page say. Check it against the AWS page.
 * - `unconfirmed`: no figure could be confirmed; `usd` is null and the estimate leaves the service out rather
 *   than invent a price.
 */
export const PRICES_READ_ON = "2026-11-21";

export interface Price {
  /** US dollars per `unit`, or null when no figure could be confirmed. */
  usd: number | null;
  unit: string;
  basis: "aws" | "secondary" | "unconfirmed";
  source: string;
  note: string;
}

const TRANSCRIBE = "https://aws.amazon.com/transcribe/pricing/";
const COMPREHEND_MEDICAL = "https://aws.amazon.com/comprehend/medical/pricing/";
const STEP_FUNCTIONS = "https://aws.amazon.com/step-functions/pricing/";
const LAMBDA = "https://aws.amazon.com/lambda/pricing/";
const S3 = "https://aws.amazon.com/s3/pricing/";
const CHIME_SDK = "https://aws.amazon.com/chime/chime-sdk/pricing/";

export const PRICES = {
  transcribeMedicalMinute: {
    usd: 0.075,
    unit: "minute of audio (billed per second, 15 s minimum per job)",
    basis: "aws",
    source: TRANSCRIBE,
    note: "The page's Transcribe Medical pricing examples: 15 min $1.125, 60 min telehealth consult $4.500.",
  },
  detectEntitiesV2Unit: {
    usd: 0.01,
    unit: "100-character unit (one unit minimum per request)",
    basis: "secondary",
    source: COMPREHEND_MEDICAL,
    note:
      "Medical NERe, first tier. The AWS page confirms units of 100 characters with a one-unit minimum; " +
      "public copies of its table give $0.01 per unit (tiers $0.01, $0.005, $0.001 in a 2026-08-21 snapshot).",
  },
  inferICD10CMUnit: {
    usd: 0.0005,
    unit: "100-character unit (one unit minimum per request)",
    basis: "secondary",
    source: COMPREHEND_MEDICAL,
    note: "ICD-10-CM ontology linking: an older public copy of the AWS table; may be out of date.",
  },
  inferRxNormUnit: {
    usd: 0.00025,
    unit: "100-character unit (one unit minimum per request)",
    basis: "secondary",
    source: COMPREHEND_MEDICAL,
    note: "RxNorm ontology linking: an older public copy of the AWS table; may be out of date.",
  },
  inferSNOMEDCTUnit: {
    usd: null,
    unit: "100-character unit (one unit minimum per request)",
    basis: "unconfirmed",
    source: COMPREHEND_MEDICAL,
    note: "SNOMED CT ontology linking: no figure found. Off by default (MEDPIPE_SNOMEDCT=false).",
  },
  stepFunctionsTransition: {
    usd: 0.000025,
    unit: "Standard workflow state transition",
    basis: "aws",
    source: STEP_FUNCTIONS,
    note: "$0.0250 per 1,000 state transitions in Europe (Ireland) and Europe (Frankfurt); retries count.",
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: "GB-second on Arm (arm64), first tier",
    basis: "secondary",
    source: LAMBDA,
    note: "The page renders its rates client-side; figure from public transcriptions of it (base rate, which eu-west-1 uses).",
  },
  lambdaRequest: {
    usd: 0.0000002,
    unit: "request",
    basis: "secondary",
    source: LAMBDA,
    note: "$0.20 per million requests, as transcribed from the page.",
  },
  s3PutRequest: {
    usd: 0.000005,
    unit: "S3 Standard PUT, COPY, POST or LIST request",
    basis: "secondary",
    source: S3,
    note: "$0.005 per 1,000 requests, from public summaries of the page.",
  },
  s3GetRequest: {
    usd: 0.0000004,
    unit: "S3 Standard GET, SELECT or other (e.g. HEAD) request",
    basis: "secondary",
    source: S3,
    note: "$0.0004 per 1,000 requests, from public summaries of the page.",
  },
  chimeMediaCaptureMinute: {
    usd: null,
    unit: "minute of media capture pipeline",
    basis: "unconfirmed",
    source: CHIME_SDK,
    note: "No figure found for Chime SDK media capture pipelines.",
  },
  chimeMediaConcatenationMinute: {
    usd: null,
    unit: "minute of media concatenation pipeline",
    basis: "unconfirmed",
    source: CHIME_SDK,
    note: "No figure found for Chime SDK media concatenation pipelines.",
  },
} as const satisfies Record<string, Price>;

export type PriceTable = Record<keyof typeof PRICES, Price>;
