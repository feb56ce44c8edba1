/**
 * The PostgREST schema of a Supabase project, as its OpenAPI document read with the service role (which sees
 * every table and function granted to it): what `medpipe doctor` checks the migrations against. Throws a named
 * error when Supabase cannot be reached or refuses the key.
 *
 * @example
 * schemaCheck(await readSupabaseSchema({ url, serviceRoleKey }));
 */
export async function readSupabaseSchema(options: { url: string; serviceRoleKey: string }): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${options.url.replace(/\/$/, "")}/rest/v1/`, {
      headers: {
        apikey: options.serviceRoleKey,
        Authorization: `Bearer ${options.serviceRoleKey}`,
        Accept: "application/openapi+json",
      },
      signal: AbortSignal.timeout(SUPABASE_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SupabaseUnreachableError(error instanceof Error ? error.name : "fetch failed");
  }
  if (!response.ok) throw new SupabaseUnreachableError(`HTTP ${response.status}`);
  return response.json();
}

/** How long the doctor waits for Supabase to answer. */
const SUPABASE_TIMEOUT_MS = 10_000;

/** Supabase did not answer, or refused the service-role key; carries the HTTP status or the network error's name. */
export class SupabaseUnreachableError extends Error {
  override name = "SupabaseUnreachableError";
  constructor(readonly reason: string) {
    super(`Supabase could not be read: ${reason}`);
  }
}
