import { readdir, readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { migrationsDir } from "./migrations.js";
import { startBareTestDatabase } from "./test-tier.js";

const files = (await readdir(migrationsDir)).filter((file) => file.endsWith(".sql")).sort();
const sqlOf = (file: string) => readFile(new URL(file, migrationsDir), "utf8");

/** Tables the API roles can reach although no row level security guards them. */
const openTables = `
  select c.relname as name, r.role
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  cross join (values ('anon'), ('authenticated')) as r (role)
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity
    and (has_table_privilege(r.role, c.oid, 'select') or has_table_privilege(r.role, c.oid, 'insert')
      or has_table_privilege(r.role, c.oid, 'update') or has_table_privilege(r.role, c.oid, 'delete'))`;

/**
 * The pipeline's functions anon may run, and those authenticated may run other than the policies' own (which
 * list the caller's meetings and consults) and the app's read of its consult's status.
 */
const openFunctions = `
  select p.proname as name, r.role
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  cross join (values ('anon'), ('authenticated')) as r (role)
  where n.nspname in ('public', 'private') and has_function_privilege(r.role, p.oid, 'execute')
    and not (r.role = 'authenticated' and (n.nspname, p.proname) in (
      ('private', 'attended_meeting_ids'), ('private', 'consult_ids_of_caller'),
      ('private', 'consult_meeting_ids_of_caller'), ('public', 'consult_status')))`;

describe("the migrations", () => {
  let database: Database;
  beforeAll(async () => {
    database = await startBareTestDatabase();
  });
  afterAll(() => database?.close());

  it("leave no table open and no write function callable by anon or authenticated after any one of them", async () => {
    for (const file of files) {
      await database.admin.exec(`begin; ${await sqlOf(file)}; commit;`);
      expect(await database.admin.query(openTables), file).toEqual([]);
      expect(await database.admin.query(openFunctions), file).toEqual([]);
    }
  });

  it("define each function once, in one file, never replaced, moved or dropped by a later one", async () => {
    const definitions: string[] = [];
    for (const file of files) {
      const sql = await sqlOf(file);
      expect(sql, file).not.toMatch(/create\s+or\s+replace\s+function|drop\s+function|alter\s+function/i);
      for (const [, name] of sql.matchAll(/create\s+function\s+([\w.]+)\s*\(/gi)) definitions.push(`${name}`);
    }
    expect(definitions.length).toBeGreaterThan(0);
    expect(definitions.filter((name, i) => definitions.indexOf(name) !== i)).toEqual([]);
  });

  it("say at the top of each file what it holds", async () => {
    for (const file of files) expect((await sqlOf(file)).startsWith("-- "), file).toBe(true);
  });
});
