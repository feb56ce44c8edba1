import { readdir, readFile } from "node:fs/promises";
import type { AdminSession } from "./database.js";

export const bootstrapFile = new URL("./supabase-bootstrap.sql", import.meta.url);
export const migrationsDir = new URL("../../../../../supabase/migrations/", import.meta.url);
const migrationFile = /^(\d{14})_(.+)\.sql$/;

/**
 * Prepares a bare database as a Supabase project would be (see supabase-bootstrap.sql), then applies each of
 * supabase/migrations not applied yet, in order, each in its own transaction, recording it where the Supabase
 * CLI does. Returns the versions it applied.
 */
export async function migrate(admin: AdminSession): Promise<string[]> {
  await admin.exec(await readFile(bootstrapFile, "utf8"));
  const applied = new Set(
    (await admin.query<{ version: string }>("select version from supabase_migrations.schema_migrations")).map(
      (row) => row.version,
    ),
  );
  const files = (await readdir(migrationsDir)).filter((file) => migrationFile.test(file)).sort();
  const appliedNow: string[] = [];
  for (const file of files) {
    const [, version = "", name = ""] = migrationFile.exec(file) ?? [];
    if (applied.has(version)) continue;
    const sql = await readFile(new URL(file, migrationsDir), "utf8");
    await admin.exec("begin");
    try {
      await admin.exec(sql);
      await admin.query(
        "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, array[$3])",
        [version, name, sql],
      );
      await admin.exec("commit");
    } catch (error) {
      await admin.exec("rollback");
      throw error;
    }
    appliedNow.push(version);
  }
  return appliedNow;
}
