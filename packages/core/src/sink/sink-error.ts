/**
 * A Supabase call that failed for a cause a retry will not fix (SQL 22P02, 42501, 23503, P0002...). Carries what
 * ops need to find the cause (the RPC or table, the meeting, the PostgREST or PostgreSQL error code, the HTTP
 * status) and never the rows or PostgREST's message, which can quote the values that were sent. Its subclasses
 * name the causes a workflow treats apart; build one with {@link sinkErrorOf}.
 *
 * @example
 * if (error instanceof SinkError && error.code === "42501") // the key is not the service role's
 */
export class SinkError extends Error {
  override name = "SinkError";

  constructor(
    /** The RPC (`ingest_transcript`) or table (`meetings`) the call used. */
    readonly operation: string,
    readonly meetingId: string | null,
    /** PostgREST's code (`PGRST301`) or PostgreSQL's SQLSTATE (`23505`); null when no answer came. */
    readonly code: string | null,
    /** The HTTP status; 0 when Supabase could not be reached. */
    readonly status: number,
  ) {
    super(
      `${operation} failed${meetingId ? ` for meeting ${meetingId}` : ""}: ` +
        (code ? `code ${code} (HTTP ${status})` : status ? `HTTP ${status}` : "Supabase unreachable"),
    );
  }
}

/**
 * Supabase did not answer, or answered that it cannot serve now (the database unreachable, out of connections,
 * shutting down; a serialization failure, deadlock or lock timeout): the one sink error worth retrying.
 */
export class SinkUnavailableError extends SinkError {
  override name = "SinkUnavailableError";
}

/** The write was about a meeting the retention sweeper deleted: refused, so that the meeting stays deleted. */
export class MeetingSweptError extends SinkError {
  override name = "MeetingSweptError";
}

/**
 * A media pipeline status arrived before its pipeline was recorded (its meeting is): refused before the run is
 * claimed, so that a retry records it once the pipeline is.
 */
export class MediaPipelineNotRecordedError extends SinkError {
  override name = "MediaPipelineNotRecordedError";
}

/** The SQLSTATEs the pipeline's SQL functions raise (supabase/migrations), by the error they stand for. */
export const SINK_SQLSTATES = { meetingSwept: "MPS01", mediaPipelineNotRecorded: "MPR01" } as const;

/**
 * PostgreSQL's transient conditions: serialization failure, deadlock, lock not available, admin or crash
 * shutdown, cannot connect now, too many connections (and class 08, connection exceptions, below).
 */
const TRANSIENT_SQLSTATES = new Set(["40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300"]);
/** PostgREST's own: cannot connect to the database, internal connection error, schema cache not ready, pool timeout. */
const TRANSIENT_POSTGREST_CODES = new Set(["PGRST000", "PGRST001", "PGRST002", "PGRST003"]);

function isTransient(code: string | null, status: number): boolean {
  // No code: no answer, or one from in front of PostgREST (a gateway's 502, 503, 504, or its rate limit).
  if (code === null) return status === 0 || status === 429 || status >= 500;
  return TRANSIENT_SQLSTATES.has(code) || TRANSIENT_POSTGREST_CODES.has(code) || code.startsWith("08");
}

/**
 * The error for a failed call, by its code: a {@link MeetingSweptError}, a {@link MediaPipelineNotRecordedError},
 * a {@link SinkUnavailableError} for a transient cause, a {@link SinkError} otherwise.
 *
 * @example
 * throw sinkErrorOf("record_attendance", meetingId, answer.error.code || null, answer.status);
 */
export function sinkErrorOf(
  operation: string,
  meetingId: string | null,
  code: string | null,
  status: number,
): SinkError {
  const Kind =
    code === SINK_SQLSTATES.meetingSwept
      ? MeetingSweptError
      : code === SINK_SQLSTATES.mediaPipelineNotRecorded
        ? MediaPipelineNotRecordedError
        : isTransient(code, status)
          ? SinkUnavailableError
          : SinkError;
  return new Kind(operation, meetingId, code, status);
}
