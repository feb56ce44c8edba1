import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainAs, seedConsults } from "./embedded/attendee-plans.js";
import type { EmbeddedSupabase } from "./embedded/embedded-supabase.js";
import { startTestSupabase } from "./embedded/test-tier.js";
import { tables } from "./tables.js";

let supabase: EmbeddedSupabase;

beforeAll(async () => {
  supabase = await startTestSupabase();
  await seedConsults(supabase.databaseUrl, { meetings: 2000, entitiesPerMeeting: 10 });
}, 60_000);
afterAll(() => supabase?.stop());

/** What a signed-in patient reads of each table (the columns the app is granted), and how many rows are theirs. */
const reads = [
  [tables.meetings, "id, started_at, legal_hold", 1],
  [tables.attendance, "*", 2],
  [tables.transcripts, "id, meeting_id, completed_at", 1],
  [tables.transcriptTurns, "*", 2],
  [tables.medicalEntities, "*", 10],
] as const;

describe("row level security at volume (2,000 consults, 20,000 entities)", () => {
  it.each(
    reads,
  )("a patient's read of %s finds their rows by index, not by scanning the table", async (table, columns, rows) => {
    const patient = { role: "authenticated", sub: "patient-7" } as const;
    const plan = await explainAs(supabase.databaseUrl, patient, `select ${columns} from public.${table}`);

    expect(plan.rows).toBe(rows);
    const ownScans = plan.scans.filter((scan) => scan.relation === table);
    expect(ownScans.length).toBeGreaterThan(0);
    expect(ownScans.map((scan) => scan.node)).not.toContain("Seq Scan");
  });

  it("the sweeper finds the meetings past retention by index", async () => {
    const plan = await explainAs(
      supabase.databaseUrl,
      { role: "service_role" },
      `select id from public.meetings where not legal_hold
         and coalesce(started_at, ended_at, created_at) <= timestamptz '2026-01-02'`,
    );
    expect(plan.rows).toBe(24);
    expect(plan.scans.map((scan) => scan.node)).not.toContain("Seq Scan");
  });
});
