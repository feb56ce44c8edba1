import {
  ComprehendRequestError,
  ComprehendThrottledError,
  ComprehendUnavailableError,
  type RequestContext,
} from "./errors.js";
import type { Pace } from "./pace.js";

/** How a request is retried: exponential backoff from `baseDelayMs`, capped, with full jitter. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1): `Math.random` outside tests. */
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  random: Math.random,
};

/** Throttling: the account's quota for the API is used up for now. */
const THROTTLING_CODES = new Set(["ThrottlingException", "TooManyRequestsException"]);
/** Server-side failures. */
const UNAVAILABLE_CODES = new Set(["ServiceUnavailableException", "InternalServerException"]);

const isThrottling = (error: unknown) => error instanceof Error && THROTTLING_CODES.has(error.name);
const isUnavailable = (error: unknown) =>
  error instanceof Error && (UNAVAILABLE_CODES.has(error.name) || (httpStatusOf(error) ?? 0) >= 500);

/** Whether an AWS SDK error is throttling or a 5xx, which a later attempt may get past. */
export function isRetryable(error: unknown): boolean {
  return isThrottling(error) || isUnavailable(error);
}

/**
 * The pause before the next attempt after `failures` failed ones: "full jitter", a uniform draw below the
 * capped exponential backoff, so that throttled callers spread out instead of retrying in step.
 *
 * @example
 * backoffDelay(3, { ...DEFAULT_RETRY, random: () => 0.5 }); // 200: half of min(5000, 100 · 2²)
 */
export function backoffDelay(failures: number, policy: RetryPolicy): number {
  return Math.floor(policy.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1)));
}

/**
 * Calls `attempt` until it succeeds, retrying throttling and 5xx errors under `policy`. Any other error becomes a
 * {@link ComprehendRequestError} naming the request and the AWS error code; throttling or a 5xx that outlasts the
 * retries stays retryable for the workflow, as {@link ComprehendThrottledError} or {@link ComprehendUnavailableError}.
 * `takeTurn` runs before every attempt, outside that naming: its errors are not Comprehend Medical's.
 */
export async function callWithRetry<T>(
  context: RequestContext,
  attempt: () => Promise<T>,
  options: { policy: RetryPolicy; pace: Pace; takeTurn: () => Promise<void> },
): Promise<T> {
  for (let attempts = 1; ; attempts++) {
    await options.takeTurn();
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || attempts >= options.policy.maxAttempts) {
        const Failure = isThrottling(error)
          ? ComprehendThrottledError
          : isUnavailable(error)
            ? ComprehendUnavailableError
            : ComprehendRequestError;
        throw new Failure(context, {
          code: error instanceof Error ? error.name : "UnknownError",
          attempts,
          httpStatusCode: httpStatusOf(error),
          requestId: (error as { $metadata?: { requestId?: string } })?.$metadata?.requestId,
        });
      }
      await options.pace.sleep(backoffDelay(attempts, options.policy));
    }
  }
}

function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
