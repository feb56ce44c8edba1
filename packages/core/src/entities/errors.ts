import type { ComprehendApi } from "./limits.js";

/** Which request of an extraction an error is about: enough for ops to find it, nothing of the text. */
export interface RequestContext {
  meetingId: string;
  api: ComprehendApi;
  /** The request's index in the API's plan. */
  request: number;
}

/**
 * A Comprehend Medical request that failed for good: a non-retryable error, or retries ran out. Carries the
 * AWS error code, never the error's message (it may quote the text sent).
 *
 * @example
 * catch (e) { if (e instanceof ComprehendRequestError && e.code === "ValidationException") ... }
 */
export class ComprehendRequestError extends Error {
  override name = "ComprehendRequestError";
  readonly meetingId: string;
  readonly api: ComprehendApi;
  readonly request: number;
  /** The AWS error code (the SDK error's name), such as `ThrottlingException`. */
  readonly code: string;
  readonly attempts: number;
  readonly httpStatusCode: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    context: RequestContext,
    failure: { code: string; attempts: number; httpStatusCode?: number; requestId?: string },
  ) {
    super(
      `${context.api} request ${context.request} of meeting ${context.meetingId} failed with ${failure.code} after ${failure.attempts} attempt(s)`,
    );
    this.meetingId = context.meetingId;
    this.api = context.api;
    this.request = context.request;
    this.code = failure.code;
    this.attempts = failure.attempts;
    this.httpStatusCode = failure.httpStatusCode;
    this.requestId = failure.requestId;
  }
}

/**
 * Comprehend Medical kept throttling a request past the extractor's own retries: the extraction step is retried
 * by its state (the name is in its Retry list), later, when the quota has room again.
 */
export class ComprehendThrottledError extends ComprehendRequestError {
  override name = "ComprehendThrottledError";
}

/** Comprehend Medical kept answering a request with a 5xx past the extractor's own retries; retried by the state. */
export class ComprehendUnavailableError extends ComprehendRequestError {
  override name = "ComprehendUnavailableError";
}

/** A Comprehend Medical response that breaks the API's contract: a missing field, or offsets not on its text. */
export class ComprehendResponseError extends Error {
  override name = "ComprehendResponseError";
  readonly meetingId: string;
  readonly api: ComprehendApi;
  readonly request: number;

  constructor(
    context: RequestContext,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${context.api} response ${context.request} of meeting ${context.meetingId}: ${field}: ${reason}`);
    this.meetingId = context.meetingId;
    this.api = context.api;
    this.request = context.request;
  }
}

/** The entities document built for a meeting does not pass its own schema: a bug, named by the field. */
export class EntitiesDocumentError extends Error {
  override name = "EntitiesDocumentError";

  constructor(
    readonly meetingId: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`entities document of meeting ${meetingId} is invalid at ${field}: ${reason}`);
  }
}
