import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lifecycleRun } from "../consult-fixture.js";
import { sinkClient } from "../sink-client.js";
import { createSupabaseSink } from "../supabase-sink.js";
import { tables } from "../tables.js";
import { type EmbeddedSupabase, startEmbeddedSupabase } from "./embedded-supabase.js";
import { startTestSupabase } from "./test-tier.js";

async function queryAsSuperuser<Row>(databaseUrl: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

async function appliedMigrations(databaseUrl: string): Promise<string[]> {
  const rows = await queryAsSuperuser<{ version: string }>(
    databaseUrl,
    "select version from supabase_migrations.schema_migrations order by version",
  );
  return rows.map((row) => row.version);
}

describe("a running embedded Supabase", () => {
  let supabase: EmbeddedSupabase;
  beforeAll(async () => {
    supabase = await startTestSupabase();
  });
  afterAll(() => supabase?.stop());

  it("answers a plain supabase-js client under /rest/v1, and nothing outside it", async () => {
    const { error } = await createClient(supabase.url, supabase.serviceRoleKey)
      .from(tables.meetings)
      .select("id");
    expect(error).toBeNull();
    expect((await fetch(`${supabase.url}/auth/v1/user`)).status).toBe(404);
  });

  it("serves its public signing key as Supabase Auth does, and never the legacy secret", async () => {
    const answer = await fetch(`${supabase.url}/auth/v1/.well-known/jwks.json`);
    const { keys } = (await answer.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" })]);
    expect(keys[0]).not.toHaveProperty("d");
    expect(keys[0]?.kid).toBe(supabase.signingKeys.signingKey.kid);
    expect(JSON.stringify(keys)).not.toContain(Buffer.from(supabase.jwtSecret).toString("base64url"));
  });

  it("lets PostgREST take an ES256 access token and the HS256 API keys alike", async () => {
    const userId = randomUUID();
    const token = await supabase.mintAccessToken(userId);
    const [header = "", payload = ""] = token.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toMatchObject({
      alg: "ES256",
      kid: supabase.signingKeys.signingKey.kid,
    });
    expect(JSON.parse(Buffer.from(payload, "base64url").toString())).toMatchObject({
      iss: `${supabase.url}/auth/v1`,
      sub: userId,
      aud: "authenticated",
      role: "authenticated",
      aal: "aal1",
      is_anonymous: false,
    });
    const asUser = await fetch(`${supabase.url}/rest/v1/meetings?select=id`, {
      headers: { apikey: supabase.anonKey, Authorization: `Bearer ${token}` },
    });
    expect(asUser.status).toBe(200);
    const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(86)}`;
    const refused = await fetch(`${supabase.url}/rest/v1/meetings?select=id`, {
      headers: { apikey: supabase.anonKey, Authorization: `Bearer ${forged}` },
    });
    expect(refused.status).toBe(401);
  });

  it("runs on PGlite, or on the PostgreSQL server MEDPIPE_TEST_DATABASE_URL names", async () => {
    const [{ version } = { version: "" }] = await queryAsSuperuser<{ version: string }>(
      supabase.databaseUrl,
      "select version()",
    );
    expect(version.includes("PGlite")).toBe(!process.env.MEDPIPE_TEST_DATABASE_URL);
  });

  it("has every migration in supabase/migrations applied", async () => {
    const files = await readdir(new URL("../../../../../supabase/migrations/", import.meta.url));
    expect(await appliedMigrations(supabase.databaseUrl)).toEqual(
      files.map((file) => file.slice(0, 14)).sort(),
    );
  });

  it("reset empties the pipeline's tables", async () => {
    const sink = createSupabaseSink(
      sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }),
    );
    const meetingId = randomUUID();
    await sink.recordMeetingStart(lifecycleRun("started", meetingId), {
      meetingId,
      externalMeetingId: null,
      startedAt: "2026-03-10T09:30:00Z",
    });

    await supabase.reset();

    expect(await sink.findMeeting(meetingId)).toBeNull();
  });
});

describe("an embedded Supabase on PGlite", () => {
  it("kept in a data directory, reopens with its rows and applies no migration twice", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "medpipe-pglite-"));
    try {
      const meetingId = randomUUID();
      const first = await startEmbeddedSupabase({ dataDir });
      await createSupabaseSink(
        sinkClient({ url: first.url, serviceRoleKey: first.serviceRoleKey }),
      ).recordMeetingStart(lifecycleRun("started", meetingId), {
        meetingId,
        externalMeetingId: "appt-1",
        startedAt: "2026-03-10T09:30:00Z",
      });
      const migrations = await appliedMigrations(first.databaseUrl);
      await first.stop();

      const reopened = await startEmbeddedSupabase({ dataDir });
      try {
        const sink = createSupabaseSink(
          sinkClient({ url: reopened.url, serviceRoleKey: reopened.serviceRoleKey }),
        );
        expect(await sink.findMeeting(meetingId)).toMatchObject({ externalMeetingId: "appt-1" });
        expect(await appliedMigrations(reopened.databaseUrl)).toEqual(migrations);
      } finally {
        await reopened.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("once stopped, no longer answers", async () => {
    const supabase = await startEmbeddedSupabase();
    await supabase.stop();
    await expect(fetch(`${supabase.url}/rest/v1/`)).rejects.toThrow();
  });
});
