/** The AWS services whose quotas bound a consult. */
export type AwsService =
  | "comprehend-medical"
  | "transcribe"
  | "chime-sdk-meetings"
  | "chime-sdk-media-pipelines"
  | "lambda"
  | "step-functions"
  | "eventbridge"
  | "s3";

/** What a quota counts. Token buckets are two entries: the bucket in `tokens`, its refill in `tokens/s`. */
export type QuotaUnit =
  | "requests/s"
  | "characters/s"
  | "concurrent"
  | "environments/10s"
  | "tokens"
  | "tokens/s"
  | "events"
  | "seconds";

/**
 * Whom one budget of the quota is shared by: the whole account in a Region, each API operation of the account in
 * a Region, or each function, meeting, execution, S3 partitioned prefix or event source mapping.
 */
export type QuotaScope =
  | "account-region"
  | "account-region-operation"
  | "function"
  | "meeting"
  | "execution"
  | "partitioned-prefix"
  | "event-source-mapping";

/**
 * How the value is known: `documented` on the cited AWS page; `reported` where AWS only says that a quota differs
 * (new accounts) and the value is what accounts report, named in the note; `assumed` where no page reachable here
 * gives the figure and the value is a conservative working figure, the note saying what was searched and why.
 */
export type QuotaBasis = "documented" | "reported" | "assumed";

/** One AWS default quota and where it comes from. */
export interface Quota {
  service: AwsService;
  /** The quota's name as the source spells it. */
  name: string;
  /** The default value in every Region that `regions` does not name. */
  value: number;
  /** Region-specific defaults, where the source gives them. */
  regions?: Readonly<Record<string, number>>;
  unit: QuotaUnit;
  scope: QuotaScope;
  /** Whether a quota increase can be requested; `unconfirmed` where the source does not say. */
  adjustable: boolean | "unconfirmed";
  basis: QuotaBasis;
  /** The AWS page the value was read from (or, for `assumed`, where it should be). */
  source: string;
  /** Year and month the source was last read. */
  checked: `${number}-${number}`;
  /** What the value depends on, where sources disagree, and what the code must know. */
  note?: string;
}

/** A token bucket: a burst of `bucket` requests, then `refillPerSecond` sustained. */
export interface TokenBucket {
  bucket: number;
  refillPerSecond: number;
}

/**
 * The quota's default value in `region`.
 *
 * @example
 * quotaIn(AWS_QUOTAS["chime-sdk-media-pipelines.active-pipelines"], "eu-central-1"); // 10
 */
export function quotaIn(quota: Quota, region: string): number {
  return quota.regions?.[region] ?? quota.value;
}
