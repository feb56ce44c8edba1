import { PostgrestClient } from "@supabase/postgrest-js";

export interface SinkClientOptions {
  /** The project URL, e.g. `https://<ref>.supabase.co`. */
  url: string;
  /** The service-role key: it bypasses row level security, so it comes from a secret, never from code. */
  serviceRoleKey: string;
  fetch?: typeof fetch;
}

/** What the sink needs of a client: PostgREST RPCs and reads. */
export type SinkClient = Pick<PostgrestClient, "rpc" | "from">;

/**
 * The sink's client: supabase-js's own PostgREST client, sending the service-role key exactly as
 * `createClient(url, key).rpc(...)` does, without the auth and realtime clients a Lambda never uses (they
 * would double its bundle).
 *
 * @example
 * const sink = createSupabaseSink(sinkClient({ url, serviceRoleKey }));
 */
export function sinkClient(options: SinkClientOptions): SinkClient {
  return new PostgrestClient(`${options.url.replace(/\/+$/, "")}/rest/v1`, {
    headers: { apikey: options.serviceRoleKey, Authorization: `Bearer ${options.serviceRoleKey}` },
    fetch: options.fetch,
  });
}
