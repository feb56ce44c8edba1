import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { afterAll, beforeAll, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "medpipe-db-"));
  await (await startEmbeddedSupabase({ dataDir: join(out, "supabase") })).stop();
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

it("medpipe db serves a local run's database, prints how to reach it, and stops on Ctrl-C", async () => {
  const db = spawn(process.execPath, [BIN, "db", "--out", out], { stdio: ["ignore", "pipe", "pipe"] });
  const [line] = (await once(createInterface({ input: db.stdout }), "line")) as [string];
  const served = JSON.parse(line) as Record<string, string>;
  expect(Object.keys(served)).toEqual(["url", "anonKey", "serviceRoleKey", "databaseUrl"]);
  const meetings = await fetch(`${served.url}/rest/v1/meetings?select=id`, {
    headers: { apikey: served.serviceRoleKey ?? "", Authorization: `Bearer ${served.serviceRoleKey}` },
  });
  expect(meetings.status).toBe(200);
  expect(await meetings.json()).toEqual([]);
  db.kill("SIGINT");
  const [code] = await once(db, "exit");
  expect(code).toBe(0);
});
