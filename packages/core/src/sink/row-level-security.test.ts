import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lifecycleRun, postRecordedConsult, runClaim } from "./consult-fixture.js";
import type { EmbeddedSupabase } from "./embedded/embedded-supabase.js";
import { startTestSupabase } from "./embedded/test-tier.js";
import { sinkClient } from "./sink-client.js";
import { SinkError } from "./sink-error.js";
import { createSupabaseSink } from "./supabase-sink.js";
import { rpcs, type TableName, tables } from "./tables.js";

let supabase: EmbeddedSupabase;
const clinicianMeeting = randomUUID();
const otherMeeting = randomUUID();
/** External user ids as the app sets them: not necessarily uuids. */
const patient = "patient-7f3a";
const clinician = randomUUID();
const otherPatient = "patient-0b21";

/** Each signed-in user's access token, minted once the Supabase is up. */
const tokens = new Map<string, string>();

/** A client as the app holds it: the anon key, and the signed-in user's access token. */
function signedIn(sub: string): SupabaseClient {
  return createClient(supabase.url, supabase.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${tokens.get(sub)}` } },
  });
}

function anonymous(): SupabaseClient {
  return createClient(supabase.url, supabase.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

beforeAll(async () => {
  supabase = await startTestSupabase();
  for (const sub of [patient, clinician, otherPatient, "someone-else"]) {
    tokens.set(sub, await supabase.mintToken("authenticated", { sub, aud: "authenticated" }));
  }
  const sink = createSupabaseSink(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
  for (const [meetingId, attendees] of [
    [clinicianMeeting, [patient, clinician]],
    [otherMeeting, [otherPatient, clinician]],
  ] as const) {
    await sink.recordMeetingStart(lifecycleRun("started", meetingId), {
      meetingId,
      externalMeetingId: `appt-${meetingId}`,
      startedAt: "2026-03-10T09:30:00Z",
    });
    for (const [index, externalUserId] of attendees.entries()) {
      await sink.recordAttendance(runClaim(`joined-${meetingId}-${index}`, meetingId), {
        meetingId,
        attendeeId: `attendee-${index}`,
        externalUserId,
        event: "joined",
        occurredAt: "2026-03-10T09:31:00Z",
      });
    }
    await postRecordedConsult(sink, meetingId);
  }
  await sink.placeLegalHold(clinicianMeeting, "litigation 2031-044");
});
afterAll(() => supabase?.stop());

const readableTables = [
  tables.meetings,
  tables.attendance,
  tables.transcripts,
  tables.transcriptTurns,
  tables.medicalEntities,
] as const;

/** The columns the app reads, per table: everything else is withheld, even from an attendee. */
const appColumns = {
  [tables.meetings]: ["id", "external_meeting_id", "started_at", "ended_at", "end_reason", "legal_hold"],
  [tables.transcripts]: ["id", "meeting_id", "text", "completed_at", "job_name"],
} as const;

async function meetingsSeenIn(client: SupabaseClient, table: TableName): Promise<string[]> {
  if (table === tables.transcriptTurns) {
    const { data, error } = await client.from(table).select("transcripts(meeting_id)");
    if (error) throw new Error(`${table}: ${error.code}`);
    return data.map((row) => (row.transcripts as unknown as { meeting_id: string }).meeting_id);
  }
  const column = table === tables.meetings ? "id" : "meeting_id";
  const { data, error } = await client.from(table).select(column);
  if (error) throw new Error(`${table}: ${error.code}`);
  return data.map((row) => (row as unknown as Record<string, string>)[column] ?? "");
}

describe("anon", () => {
  it.each(Object.values(tables))("is refused %s", async (table) => {
    const { data, error } = await anonymous().from(table).select("*");
    expect(data).toBeNull();
    expect(error?.code).toBe("42501");
  });

  it.each(Object.values(rpcs))("cannot call %s", async (rpc) => {
    const { error } = await anonymous().rpc(rpc, { payload: {} });
    expect(error?.code).toBe("42501");
  });
});

describe("a signed-in attendee", () => {
  it.each(readableTables)("reads %s of the meetings they attended, and nothing else", async (table) => {
    const seen = await meetingsSeenIn(signedIn(patient), table);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([clinicianMeeting]));
  });

  it("sees every attendee of a meeting they attended, not only themselves", async () => {
    const { data } = await signedIn(patient).from(tables.attendance).select("external_user_id");
    expect(data?.map((row) => row.external_user_id).sort()).toEqual([clinician, patient].sort());
  });

  it("who attended two meetings reads both", async () => {
    expect(new Set(await meetingsSeenIn(signedIn(clinician), tables.meetings))).toEqual(
      new Set([clinicianMeeting, otherMeeting]),
    );
  });

  it.each([
    tables.pipelineRuns,
    tables.mediaPipelines,
    tables.recordings,
    tables.sweptMeetings,
  ])("is refused %s", async (table) => {
    const { error } = await signedIn(patient).from(table).select("meeting_id");
    expect(error?.code).toBe("42501");
  });

  it.each(Object.entries(appColumns))("reads the app's columns of %s", async (table, columns) => {
    const { data, error } = await signedIn(patient).from(table).select(columns.join(","));
    expect(error).toBeNull();
    expect(data).toHaveLength(1);
  });

  it.each([
    [tables.meetings, "legal_hold_reason"],
    [tables.meetings, "legal_hold_at"],
    [tables.meetings, "capture_pipeline_id"],
    [tables.transcripts, "bucket"],
    [tables.transcripts, "key"],
    [tables.transcripts, "version_id"],
    [tables.transcripts, "entities_key"],
    [tables.transcripts, "idempotency_key"],
    [tables.recordings, "kms_key_id"],
    [tables.recordings, "key"],
  ])("cannot read %s.%s, not even of a meeting they attended", async (table, column) => {
    const { data, error } = await signedIn(patient).from(table).select(column);
    expect(data).toBeNull();
    expect(error?.code).toBe("42501");
  });

  it("cannot write a table directly", async () => {
    const { error } = await signedIn(patient)
      .from(tables.meetings)
      .update({ legal_hold: true })
      .eq("id", clinicianMeeting);
    expect(error?.code).toBe("42501");
  });

  it.each(Object.values(rpcs))("cannot call %s", async (rpc) => {
    const { error } = await signedIn(patient).rpc(rpc, { payload: {} });
    expect(error?.code).toBe("42501");
  });

  it("cannot call the write RPCs through a sink either", async () => {
    const userToken = await supabase.mintToken("authenticated", { sub: patient });
    const sink = createSupabaseSink(sinkClient({ url: supabase.url, serviceRoleKey: userToken }));
    await expect(sink.placeLegalHold(clinicianMeeting, "not theirs to place")).rejects.toBeInstanceOf(
      SinkError,
    );
  });
});

describe("a signed-in user who attended nothing", () => {
  it.each(readableTables)("reads no %s", async (table) => {
    expect(await meetingsSeenIn(signedIn("someone-else"), table)).toEqual([]);
  });
});
