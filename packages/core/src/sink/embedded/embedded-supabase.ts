import { supabaseAuth } from "../../auth/access-token.js";
import { capacityTables, chatTables, consultTables, tables } from "../tables.js";
import { connectPostgres, type Database } from "./database.js";
import { startGateway } from "./gateway.js";
import { migrate } from "./migrations.js";
import { startMigratedPglite } from "./pglite-template.js";
import { startPostgrest } from "./postgrest.js";
import {
  type AccessTokenOptions,
  generateSigningKeys,
  postgrestJwks,
  publicJwks,
  type SigningKeys,
  signAccessToken,
  signToken,
} from "./token.js";

export interface EmbeddedSupabaseOptions {
  /** Keep PGlite's data in this directory, so that a later start reopens it; in memory when absent. */
  dataDir?: string;
  /** Run on this PostgreSQL server instead of PGlite. It must name a superuser, and the server must let the
   * `authenticator` role connect from loopback without a password (trust), as scripts/postgres-tier.sh sets up. */
  databaseUrl?: string;
  /** Sign with these keys (e.g. a local stage's, kept in a file) instead of fresh ones. */
  signingKeys?: SigningKeys;
}

export type ApiRole = "anon" | "authenticated" | "service_role";

export interface EmbeddedSupabase {
  /** The project URL for `createClient(url, key)`. */
  url: string;
  serviceRoleKey: string;
  anonKey: string;
  jwtSecret: string;
  signingKeys: SigningKeys;
  /** The issuer of its access tokens, `<url>/auth/v1`, as on Supabase. */
  authUrl: string;
  /** A superuser connection string, e.g. `psql "$databaseUrl"`. */
  databaseUrl: string;
  /** An HS256 token PostgREST accepts for `role` (legacy style): `await mintToken("authenticated", { sub })`. */
  mintToken(role: ApiRole, claims?: Record<string, unknown>): Promise<string>;
  /** A user's access token as Supabase Auth issues it (ES256, the signing key's `kid`). */
  mintAccessToken(userId: string, options?: Omit<AccessTokenOptions, "issuer" | "userId">): Promise<string>;
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
 * PostgREST under `/rest/v1`, with the signing keys' public half at `/auth/v1/.well-known/jwks.json`; API keys
 * and tokens are signed with fresh keys unless given. Reopening a kept `dataDir` applies only new migrations.
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
    const signingKeys = options.signingKeys ?? (await generateSigningKeys());
    const { jwtSecret } = signingKeys;
    const authenticator = new URL(database.url);
    authenticator.username = "authenticator";
    authenticator.password = "";
    const postgrest = await startPostgrest({
      dbUri: authenticator.toString(),
      jwtSecret: JSON.stringify(postgrestJwks(signingKeys)),
      pool: database.singleSession ? 1 : 10,
    });
    stops.push(postgrest.stop);
    const gateway = await startGateway(postgrest.socketPath, publicJwks(signingKeys));
    stops.push(gateway.stop);

    const authUrl = supabaseAuth(gateway.url).issuer;
    const mintToken = (role: ApiRole, claims: Record<string, unknown> = {}) =>
      signToken({ iss: "supabase", ...claims, role }, jwtSecret);
    const truncate = `truncate table ${[
      ...Object.values(tables),
      ...Object.values(consultTables),
      ...Object.values(capacityTables),
      ...Object.values(chatTables),
    ]
      .map((table) => `public.${table}`)
      .join(", ")} cascade`;
    return {
      url: gateway.url,
      serviceRoleKey: await mintToken("service_role"),
      anonKey: await mintToken("anon"),
      jwtSecret,
      signingKeys,
      authUrl,
      databaseUrl: database.url,
      mintToken,
      mintAccessToken: (userId, tokenOptions = {}) =>
        signAccessToken(signingKeys, { ...tokenOptions, issuer: authUrl, userId }),
      reset: () => database.admin.exec(truncate),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
