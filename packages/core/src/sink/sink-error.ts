/**
 * A Supabase call that failed. Carries what ops need to find the cause (the RPC or table, the meeting, the
 * PostgREST or PostgreSQL error code, the HTTP status) and never the rows or PostgREST's message, which can
 * quote the values that were sent.
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
