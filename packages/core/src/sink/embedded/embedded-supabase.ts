import { randomBytes } from "node:crypto";
import { tables } from "../tables.js";
import { connectPostgres, type Database } from "./database.js";
import { startGateway } from "./gateway.js";
import { migrate } from "./migrations.js";
import { startMigratedPglite } from "./pglite-template.js";
import { startPostgrest } from "./postgrest.js";
import { signToken } from "./token.js";

export interface EmbeddedSupabaseOptions {
  /** Keep PGlite's data in this directory, so that a later start reopens it; in memory when absent. */
  dataDir?: string;
  /** Run on this PostgreSQL server instead of PGlite. It must name a superuser, and the server must let the
   * `authenticator` role connect from loopback without a password (trust), as scripts/postgres-tier.sh sets up. */
  databaseUrl?: string;
}

export type ApiRole = "anon" | "authenticated" | "service_role";

export interface EmbeddedSupabase {
  /** The project URL for `createClient(url, key)`. */
  url: string;
  serviceRoleKey: string;
  anonKey: string;
  jwtSecret: string;
  /** A superuser connection string, e.g. `psql "$databaseUrl"`. */
  databaseUrl: string;
  /** A token PostgREST accepts for `role`, e.g. a signed-in user: `mintToken("authenticated", { sub })`. */
  mintToken(role: ApiRole, claims?: Record<string, unknown>): string;
  /** Empties every pipeline table. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The database with bootstrap and migrations applied. */
async function openDatabase(options: EmbeddedSupabaseOptions): Promise<Database> {
  if (!options.databaseUrl) return startMigratedPglite(options.dataDir);
  const database = await connectPostgres(options.databaseUrl);
  try {
    await migrate(database.admin);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * A local Supabase API: the project's migrations on PGlite (or on a given PostgreSQL), served by the real
 * PostgREST under `/rest/v1` with freshly signed keys. Reopening a kept `dataDir` applies only new migrations.
 *
 * @example
 * const supabase = await startEmbeddedSupabase();
 * const sink = createSupabaseSink(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
 * await supabase.stop();
 */
export async function startEmbeddedSupabase(
  options: EmbeddedSupabaseOptions = {},
): Promise<EmbeddedSupabase> {
  const database = await openDatabase(options);
  const stops: Array<() => Promise<void>> = [() => database.close()];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const jwtSecret = randomBytes(32).toString("hex");
    const authenticator = new URL(database.url);
    authenticator.username = "authenticator";
    authenticator.password = "";
    const postgrest = await startPostgrest({
      dbUri: authenticator.toString(),
      jwtSecret,
      pool: database.singleSession ? 1 : 10,
    });
    stops.push(postgrest.stop);
    const gateway = await startGateway(postgrest.socketPath);
    stops.push(gateway.stop);

    const mintToken = (role: ApiRole, claims: Record<string, unknown> = {}) =>
      signToken({ iss: "supabase", ...claims, role }, jwtSecret);
    const truncate = `truncate table ${Object.values(tables)
      .map((table) => `public.${table}`)
      .join(", ")} cascade`;
    return {
      url: gateway.url,
      serviceRoleKey: mintToken("service_role"),
      anonKey: mintToken("anon"),
      jwtSecret,
      databaseUrl: database.url,
      mintToken,
      reset: () => database.admin.exec(truncate),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
