import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Database } from "./database.js";
import { startPglite } from "./database.js";
import { bootstrapFile, migrate, migrationsDir } from "./migrations.js";

const cacheDir = join(tmpdir(), "medpipe-embedded-supabase");

/** Names the migrated database: changes with the bootstrap, any migration, or the PGlite version. */
async function fingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const pgliteEntry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  hash.update(await readFile(join(dirname(pgliteEntry), "..", "package.json")));
  hash.update(await readFile(bootstrapFile));
  for (const file of (await readdir(migrationsDir)).sort()) {
    hash.update(file).update(await readFile(new URL(file, migrationsDir)));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * PGlite with the migrations applied, in memory or kept in `dataDir`. A fresh PGlite spends seconds in initdb,
 * so the first in-memory start keeps a copy of the migrated database in the temporary directory, and later
 * fresh starts (in memory or into a new `dataDir`) load that copy instead, in about a second.
 */
export async function startMigratedPglite(dataDir?: string): Promise<Database> {
  const file = join(cacheDir, `pglite-${await fingerprint()}.tar`);
  const fresh = !dataDir || !existsSync(join(dataDir, "PG_VERSION"));
  const copy = fresh ? await readFile(file).catch(() => null) : null;
  const database = await startPglite({ dataDir, loadDataDir: copy ? new Blob([copy]) : undefined });
  try {
    await migrate(database.admin);
    if (!dataDir && !copy) {
      await mkdir(cacheDir, { recursive: true });
      const partial = `${file}.${process.pid}`;
      await writeFile(partial, Buffer.from(await (await database.dump()).arrayBuffer()));
      await rename(partial, file);
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
