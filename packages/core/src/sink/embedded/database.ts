import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";

/** The embedded Supabase's own superuser session: bootstrap, migrations and reset go through it. */
export interface AdminSession {
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/** A PostgreSQL the embedded Supabase runs on. */
export interface Database {
  admin: AdminSession;
  /** A superuser connection string, e.g. for psql. */
  url: string;
  /** PGlite serves every connection from one session, so PostgREST must keep to one connection there. */
  singleSession: boolean;
  close(): Promise<void>;
}

/** A PGlite database, which can be copied whole. */
export interface PgliteDatabase extends Database {
  dump(): Promise<Blob>;
}

/**
 * PGlite, kept in `dataDir` when given (in memory otherwise, optionally loaded from a `dump()`), served over the
 * PostgreSQL wire protocol on a free loopback port so that PostgREST and psql can connect.
 */
export async function startPglite(
  options: { dataDir?: string; loadDataDir?: Blob } = {},
): Promise<PgliteDatabase> {
  const db = await PGlite.create(
    options.dataDir,
    options.loadDataDir ? { loadDataDir: options.loadDataDir } : {},
  );
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    admin: {
      exec: async (sql) => {
        await db.exec(sql);
      },
      query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows,
    },
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    singleSession: true,
    dump: () => db.dumpDataDir("none"),
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

/** A PostgreSQL server at `url`, which must name a superuser (roles are created there). */
export async function connectPostgres(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    admin: {
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
    },
    url,
    singleSession: false,
    close: () => client.end(),
  };
}
