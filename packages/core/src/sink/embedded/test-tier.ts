import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { connectPostgres, type Database, startPglite } from "./database.js";
import { type EmbeddedSupabase, startEmbeddedSupabase } from "./embedded-supabase.js";
import { bootstrapFile } from "./migrations.js";

/** Serialises role creation, which is server-wide, between test files starting at once. */
const bootstrapLock = 7_302_114;

/**
 * The Supabase a test file runs against: PGlite, or when `MEDPIPE_TEST_DATABASE_URL` names a PostgreSQL server
 * (the CI tier, scripts/postgres-tier.sh), a scratch database of the file's own there, dropped on stop.
 */
export async function startTestSupabase(): Promise<EmbeddedSupabase> {
  const serverUrl = process.env.MEDPIPE_TEST_DATABASE_URL;
  if (!serverUrl) return startEmbeddedSupabase();

  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  const name = `medpipe_test_${randomBytes(6).toString("hex")}`;
  const drop = async () => {
    await server.query(`drop database if exists ${name} with (force)`);
    await server.end();
  };
  let supabase: EmbeddedSupabase;
  try {
    await server.query("select pg_advisory_lock($1)", [bootstrapLock]);
    try {
      await server.query(`create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      supabase = await startEmbeddedSupabase({ databaseUrl: url.toString() });
    } finally {
      await server.query("select pg_advisory_unlock($1)", [bootstrapLock]);
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    ...supabase,
    async stop() {
      await supabase.stop();
      await drop();
    },
  };
}

/**
 * A database of the test tier with Supabase's bootstrap and none of the migrations, for tests that apply them
 * one by one: PGlite, or a scratch database on the tier's PostgreSQL server, dropped on close.
 */
export async function startBareTestDatabase(): Promise<Database> {
  const bootstrap = await readFile(bootstrapFile, "utf8");
  const serverUrl = process.env.MEDPIPE_TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await startPglite();
    await database.admin.exec(bootstrap);
    return database;
  }
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  const name = `medpipe_test_${randomBytes(6).toString("hex")}`;
  const drop = async () => {
    await server.query(`drop database if exists ${name} with (force)`);
    await server.end();
  };
  try {
    await server.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await connectPostgres(url.toString());
    await server.query("select pg_advisory_lock($1)", [bootstrapLock]);
    try {
      await database.admin.exec(bootstrap);
    } finally {
      await server.query("select pg_advisory_unlock($1)", [bootstrapLock]);
    }
    return {
      ...database,
      async close() {
        await database.close();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/**
 * Whether the test tier serves every connection from one session (PGlite): tests that need concurrent
 * connections skip there and run in the PostgreSQL tier (scripts/postgres-tier.sh).
 */
export const testTierHasOneSession = !process.env.MEDPIPE_TEST_DATABASE_URL;
