import {
  ComprehendRequestError,
  ComprehendResponseError,
  EntitiesDocumentError,
} from "../entities/errors.js";
import { InvalidEventError } from "../events/errors.js";
import { LegalHoldError } from "../retention/legal-hold.js";
import { SinkError } from "../sink/sink-error.js";
import { TranscribeOutputError } from "../transcript/parse.js";
import { PipelineError } from "./errors.js";

/** The pipeline's own errors: their messages are written to carry ids, codes and field names only, never content. */
const CONTENT_FREE = [
  PipelineError,
  InvalidEventError,
  TranscribeOutputError,
  SinkError,
  ComprehendRequestError,
  ComprehendResponseError,
  EntitiesDocumentError,
  LegalHoldError,
];

/**
 * An error fit to be logged, returned to Step Functions and stored in the run log: the pipeline's own errors as
 * they are; an AWS SDK error reduced to its name, HTTP status and request id (services quote rejected input in
 * their messages); anything else (a `JSON.parse` SyntaxError quotes the text it choked on) reduced to its name
 * and a message saying why it is withheld. The name survives, so Retry and Catch still match on it; the stack
 * keeps its frames (code locations) under the safe first line.
 *
 * @example
 * catch (error) { throw withoutContent(error); }
 */
export function withoutContent(error: unknown): Error {
  if (CONTENT_FREE.some((type) => error instanceof type)) return error as Error;
  const original = error instanceof Error ? error : new Error("non-Error value thrown");
  const name = original.name || "Error";
  const metadata = (original as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  const message = metadata
    ? `${name} from AWS (HTTP ${metadata.httpStatusCode ?? "?"}${metadata.requestId ? `, request ${metadata.requestId}` : ""})`
    : "message withheld: it may quote the data being processed";
  const safe = new Error(message);
  safe.name = name;
  const frames = (original.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  safe.stack = [`${name}: ${message}`, ...frames].join("\n");
  return safe;
}
