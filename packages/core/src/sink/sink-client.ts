import { createClient, type SupabaseClient } from "@supabase/supabase-js";

export interface SinkClientOptions {
  /** The project URL, e.g. `https://<ref>.supabase.co`. */
  url: string;
  /** The service-role key: it bypasses row level security, so it comes from a secret, never from code. */
  serviceRoleKey: string;
  fetch?: typeof fetch;
}

/**
 * A supabase-js client for the sink: the service role, no session kept or refreshed.
 *
 * @example
 * const sink = createSupabaseSink(sinkClient({ url, serviceRoleKey }));
 */
export function sinkClient(options: SinkClientOptions): SupabaseClient {
  return createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: options.fetch ? { fetch: options.fetch } : {},
  });
}
