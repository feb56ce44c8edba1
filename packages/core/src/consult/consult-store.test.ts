import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lifecycleRun, postRecordedConsult, runClaim } from "../sink/consult-fixture.js";
import type { EmbeddedSupabase } from "../sink/embedded/embedded-supabase.js";
import { startTestSupabase } from "../sink/embedded/test-tier.js";
import { sinkClient } from "../sink/sink-client.js";
import { SinkError } from "../sink/sink-error.js";
import { createSupabaseSink } from "../sink/supabase-sink.js";
import { consultRpcs, consultTables, tables } from "../sink/tables.js";
import type { ParticipantRole } from "./consult.js";
import { type ConsultStore, createConsultStore } from "./consult-store.js";
import { type ConsultSchedule, readSchedule } from "./schedule.js";

let supabase: EmbeddedSupabase;
let store: ConsultStore;
const clinician = randomUUID();
const patient = randomUUID();
const stranger = randomUUID();
const tokens = new Map<string, string>();

function schedule(consultId: string, participants: Array<[string, ParticipantRole]>): ConsultSchedule {
  return readSchedule({
    consultId,
    startsAt: "2026-03-10T09:00:00Z",
    endsAt: "2026-03-10T10:00:00+00:00",
    participants: participants.map(([userId, role]) => ({ userId, role })),
  });
}

/** A client as the app holds it: the anon key and the signed-in user's own access token. */
function app(user?: string): SupabaseClient {
  return createClient(supabase.url, supabase.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: user ? { Authorization: `Bearer ${tokens.get(user)}` } : {} },
  });
}

beforeAll(async () => {
  supabase = await startTestSupabase();
  store = createConsultStore(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
  for (const user of [clinician, patient, stranger]) tokens.set(user, await supabase.mintAccessToken(user));
});
afterAll(() => supabase?.stop());

describe("scheduling a consult", () => {
  it("creates it with its window and participants, no consent and no meeting", async () => {
    const consultId = randomUUID();
    expect(
      await store.scheduleConsult(
        schedule(consultId, [
          [clinician, "clinician"],
          [patient, "patient"],
        ]),
      ),
    ).toEqual({
      consultId,
      startsAt: "2026-03-10T09:00:00.000Z",
      endsAt: "2026-03-10T10:00:00.000Z",
      closedAt: null,
      consent: null,
      participants: [
        { userId: clinician, role: "clinician" },
        { userId: patient, role: "patient" },
      ].sort((a, b) => a.role.localeCompare(b.role)),
      meeting: null,
    });
  });

  it("again with the same id is the same consult with the changes applied", async () => {
    const consultId = randomUUID();
    const interpreter = randomUUID();
    await store.scheduleConsult(
      schedule(consultId, [
        [clinician, "clinician"],
        [patient, "patient"],
      ]),
    );
    await store.recordRecordingConsent(consultId, patient);
    const changed = await store.scheduleConsult({
      ...schedule(consultId, [
        [clinician, "clinician"],
        [patient, "patient"],
        [interpreter, "interpreter"],
      ]),
      endsAt: "2026-03-10T10:30:00.000Z",
    });
    expect(changed).toMatchObject({ endsAt: "2026-03-10T10:30:00.000Z", consent: { userId: patient } });
    expect(changed.participants.map((p) => p.role)).toEqual(["clinician", "interpreter", "patient"]);

    const newPatient = randomUUID();
    const replaced = await store.scheduleConsult(
      schedule(consultId, [
        [clinician, "clinician"],
        [newPatient, "patient"],
      ]),
    );
    expect(replaced.participants).toHaveLength(2);
    expect(replaced.consent).toBeNull();
  });

  it("is refused by the database without exactly one patient, even past the schedule's own checks", async () => {
    const consultId = randomUUID();
    const error = await store
      .scheduleConsult({
        ...schedule(consultId, [
          [clinician, "clinician"],
          [patient, "patient"],
        ]),
        participants: [],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({ operation: "schedule_consult", code: "22023" });
  });

  it("names the field of a schedule that is not one", () => {
    expect(() =>
      schedule("appointment-7", [
        [clinician, "clinician"],
        [patient, "patient"],
      ]),
    ).toThrow("consultId: must be a UUID");
    expect(() => schedule(randomUUID(), [[clinician, "clinician"]])).toThrow(
      "participants: must name exactly one patient",
    );
    expect(() =>
      readSchedule({
        ...schedule(randomUUID(), [
          [clinician, "clinician"],
          [patient, "patient"],
        ]),
        endsAt: "2026-03-10T08:00:00Z",
      }),
    ).toThrow("endsAt: must be after startsAt");
  });
});

describe("a consult's meetings", () => {
  it("keeps the first meeting recorded for a generation, and a later generation ends the earlier", async () => {
    const consultId = randomUUID();
    await store.scheduleConsult(
      schedule(consultId, [
        [clinician, "clinician"],
        [patient, "patient"],
      ]),
    );
    const first = randomUUID();
    expect((await store.attachConsultMeeting(consultId, 0, first)).meeting).toEqual({
      generation: 0,
      meetingId: first,
      endedAt: null,
    });
    expect((await store.attachConsultMeeting(consultId, 0, randomUUID())).meeting?.meetingId).toBe(first);
    const second = randomUUID();
    expect((await store.attachConsultMeeting(consultId, 1, second)).meeting).toMatchObject({
      generation: 1,
      meetingId: second,
      endedAt: null,
    });
    const sink = createSupabaseSink(
      sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }),
    );
    expect(await sink.findMeeting(first)).toMatchObject({ externalMeetingId: consultId });
  });

  it("counts a meeting the pipeline recorded as ended as ended", async () => {
    const consultId = randomUUID();
    await store.scheduleConsult(
      schedule(consultId, [
        [clinician, "clinician"],
        [patient, "patient"],
      ]),
    );
    const meetingId = randomUUID();
    await store.attachConsultMeeting(consultId, 0, meetingId);
    const sink = createSupabaseSink(
      sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }),
    );
    await sink.recordMeetingEnd(lifecycleRun("ended", meetingId), {
      meetingId,
      externalMeetingId: consultId,
      endedAt: "2026-03-10T09:40:00Z",
      reason: "ended",
    });
    expect((await store.findConsult(consultId))?.meeting?.endedAt).toBe("2026-03-10T09:40:00.000Z");
  });
});

describe("the consent gate's question", () => {
  it("answers the consult and its consent time for a meeting's external id", async () => {
    const consultId = randomUUID();
    await store.scheduleConsult(
      schedule(consultId, [
        [clinician, "clinician"],
        [patient, "patient"],
      ]),
    );
    expect(await store.findRecordingConsent(consultId)).toEqual({ consultId, consentedAt: null });
    const { consent } = await store.recordRecordingConsent(consultId, patient);
    expect(await store.findRecordingConsent(consultId.toUpperCase())).toEqual({
      consultId,
      consentedAt: consent?.givenAt,
    });
  });

  it("answers no consult for a meeting made by hand, or with no external id", async () => {
    for (const externalMeetingId of ["appointment-1", randomUUID(), null]) {
      expect(await store.findRecordingConsent(externalMeetingId)).toEqual({
        consultId: null,
        consentedAt: null,
      });
    }
  });

  it("refuses a consent from anyone but the consult's patient", async () => {
    const consultId = randomUUID();
    await store.scheduleConsult(
      schedule(consultId, [
        [clinician, "clinician"],
        [patient, "patient"],
      ]),
    );
    await expect(store.recordRecordingConsent(consultId, clinician)).rejects.toMatchObject({ code: "42501" });
  });
});

describe("what the app reads with its own token", () => {
  let consultId: string;
  let meetingId: string;

  beforeAll(async () => {
    consultId = randomUUID();
    meetingId = randomUUID();
    await store.scheduleConsult(
      schedule(consultId, [
        [clinician, "clinician"],
        [patient, "patient"],
      ]),
    );
    await store.attachConsultMeeting(consultId, 0, meetingId);
    const sink = createSupabaseSink(
      sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }),
    );
    await postRecordedConsult(sink, meetingId);
    const failed = runClaim(`failed-${meetingId}`, meetingId);
    await sink.claimRun(failed);
    await sink.recordRunFailure(failed, {
      status: "failed",
      step: "ExtractEntities",
      error: "Throttled",
      cause: null,
    });
  });

  it("a participant reads the consult's status, with its results counted and the failed step", async () => {
    for (const user of [clinician, patient]) {
      const { data, error } = await app(user).rpc(consultRpcs.consultStatus, { payload: { consultId } });
      expect(error).toBeNull();
      expect(data).toMatchObject({
        consultId,
        meeting: { meetingId, state: "live" },
        recording: "stored",
        transcriptReady: true,
        entityCount: expect.any(Number),
        lastFailureStep: "ExtractEntities",
      });
      expect((data as { entityCount: number }).entityCount).toBeGreaterThan(0);
    }
  });

  it("a participant reads the consult, its participants and meetings, and the meeting's results, without attending", async () => {
    const patientApp = app(patient);
    for (const table of Object.values(consultTables)) {
      const { data } = await patientApp.from(table).select("*");
      expect(data?.length, table).toBeGreaterThan(0);
    }
    for (const table of [tables.meetings, tables.transcripts, tables.medicalEntities]) {
      const column = table === tables.meetings ? "id" : "meeting_id";
      const { data } = await patientApp.from(table).select(column).eq(column, meetingId);
      expect(data?.length, table).toBeGreaterThan(0);
    }
  });

  it("nobody else reads any of it, and anon is refused", async () => {
    const { data: status } = await app(stranger).rpc(consultRpcs.consultStatus, { payload: { consultId } });
    expect(status).toBeNull();
    for (const [table, column] of [
      ...Object.values(consultTables).map((table) => [table, "*"]),
      [tables.transcripts, "meeting_id"],
      [tables.medicalEntities, "meeting_id"],
    ] as const) {
      const { data } = await app(stranger).from(table).select(column);
      expect(data, table).toEqual([]);
      const { error } = await app().from(table).select(column);
      expect(error?.code, table).toBe("42501");
    }
    const { error } = await app().rpc(consultRpcs.consultStatus, { payload: { consultId } });
    expect(error?.code).toBe("42501");
  });

  it.each(
    Object.values(consultRpcs).filter((rpc) => rpc !== consultRpcs.consultStatus),
  )("a participant cannot call %s", async (rpc) => {
    const { error } = await app(patient).rpc(rpc, { payload: { consultId } });
    expect(error?.code).toBe("42501");
  });
});
