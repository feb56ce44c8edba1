import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  consultIngest,
  consultRecording,
  lifecycleRun,
  postConsult,
  runClaim,
} from "../sink/consult-fixture.js";
import type { EmbeddedSupabase } from "../sink/embedded/embedded-supabase.js";
import { startTestSupabase, testTierHasOneSession } from "../sink/embedded/test-tier.js";
import type { Sink, SweepReport } from "../sink/sink.js";
import { type SinkClient, sinkClient } from "../sink/sink-client.js";
import { MeetingSweptError } from "../sink/sink-error.js";
import { createSupabaseSink } from "../sink/supabase-sink.js";
import { rpcs, tables } from "../sink/tables.js";
import { retainUntil, retentionCutoff } from "./retain-until.js";
import { sweepRetention } from "./sweeper.js";

let supabase: EmbeddedSupabase;
let service: SinkClient;
let sink: Sink;
let admin: pg.Client;

beforeAll(async () => {
  supabase = await startTestSupabase();
  service = sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey });
  sink = createSupabaseSink(service);
  admin = new pg.Client({ connectionString: supabase.databaseUrl });
  await admin.connect();
});
afterEach(() => supabase.reset());
afterAll(async () => {
  await admin?.end();
  await supabase?.stop();
});

/** The frozen clock most sweeps here run at. */
const now = new Date("2033-06-15T12:00:00Z");
const day = 24 * 60 * 60 * 1000;
const at = (instant: string | number) => new Date(instant);

/** When S3 created each of a consult's objects, whose retain-until date S3 then enforces. */
interface ObjectTimes {
  recording: string;
  transcript: string;
  entities: string;
}

/**
 * A meeting with a row in every table: its start, two attendance events, a recording and a transcript, each
 * written by its run (five runs), and two pipelines. Each object's retain-until date is the one S3 enforces:
 * the bucket's default retention from when the object was created (by default, at the meeting's start).
 */
async function recordConsult(startedAt: string, created: Partial<ObjectTimes> = {}): Promise<string> {
  const meetingId = randomUUID();
  const times = { recording: startedAt, transcript: startedAt, entities: startedAt, ...created };
  await sink.recordMeetingStart(lifecycleRun("started", meetingId), {
    meetingId,
    externalMeetingId: "appt-1",
    startedAt,
  });
  for (const event of ["joined", "left"] as const) {
    await sink.recordAttendance(runClaim(`${event}-${meetingId}`, meetingId), {
      meetingId,
      attendeeId: "att-1",
      externalUserId: "patient-1",
      event,
      occurredAt: startedAt,
    });
  }
  await sink.recordMediaPipeline({ mediaPipelineId: `capture-${meetingId}`, meetingId, kind: "capture" });
  await sink.recordMediaPipeline({
    mediaPipelineId: `concat-${meetingId}`,
    meetingId,
    kind: "concatenation",
  });
  const { run, recording } = consultRecording(meetingId, retainUntil(times.recording));
  await sink.recordRecording(run, recording);
  await postConsult(
    sink,
    consultIngest({
      meetingId,
      idempotencyKey: `ingest-${meetingId}`,
      completedAt: startedAt,
      retainUntil: retainUntil(times.transcript),
      entitiesRetainUntil: retainUntil(times.entities),
    }),
  );
  return meetingId;
}

async function meetingIds(): Promise<string[]> {
  const { data, error } = await service.from(tables.meetings).select("id");
  if (error) throw new Error(error.code);
  return data.map((row) => row.id as string);
}

const nothingSwept: SweepReport = {
  meetings: 0,
  mediaPipelines: 0,
  attendance: 0,
  recordings: 0,
  transcripts: 0,
  turns: 0,
  entities: 0,
  runs: 0,
  runsWithoutMeeting: 0,
  heldMeetingsKept: 0,
  meetingsKeptForObjects: 0,
  chatMessages: 0,
};

/** `date` seven calendar years on: the period the sweep used to delete by. */
function sevenCalendarYearsAfter(date: string): number {
  const moved = new Date(date);
  moved.setUTCFullYear(moved.getUTCFullYear() + 7);
  return moved.getTime();
}

describe("the retention sweep", () => {
  it("keeps a meeting one day short of its period and deletes one past it, with all its rows", async () => {
    const oneDayShort = await recordConsult("2026-06-16T12:00:00Z");
    const oneDayPast = await recordConsult("2026-06-14T12:00:00Z");

    const report = await sweepRetention({ sink, now });

    expect(report).toEqual({
      ...nothingSwept,
      meetings: 1,
      mediaPipelines: 2,
      attendance: 2,
      recordings: 1,
      transcripts: 1,
      turns: 2,
      entities: 2,
      runs: 5,
    });
    expect(await meetingIds()).toEqual([oneDayShort]);
    for (const table of Object.values(tables)) {
      const { count } = await service.from(table).select("*", { count: "exact", head: true });
      expect(count, table).toBeGreaterThan(0);
    }
    expect(await sink.listMeetingObjects(oneDayPast)).toEqual([]);
  });

  it("deletes a meeting on its retain-until date, when S3 lets its objects go too", async () => {
    await recordConsult(retentionCutoff(now));
    expect((await sweepRetention({ sink, now })).meetings).toBe(1);
  });

  it.each([
    "2024-02-28T23:30:00Z",
    "2024-02-29T10:00:00Z",
    "2024-03-01T00:00:00Z",
    "2027-03-01T00:00:00Z",
    "2028-02-29T12:00:00Z",
    "2096-03-01T00:00:00Z",
  ])("keeps a consult of %s exactly until S3 releases its objects, however many 29 Februarys lie between", async (startedAt) => {
    // Chime writes the recording and Transcribe the transcript after the meeting; S3 locks each from then.
    const created = Date.parse(startedAt) + 40 * 60 * 1000;
    const objects = { recording: at(created).toISOString(), transcript: at(created + 60_000).toISOString() };
    const meetingId = await recordConsult(startedAt, { ...objects, entities: objects.transcript });
    const released = Date.parse(retainUntil(objects.transcript));

    // Seven calendar years are 2555 to 2557 days: never enough.
    expect((await sweepRetention({ sink, now: at(sevenCalendarYearsAfter(startedAt)) })).meetings).toBe(0);
    expect(await sweepRetention({ sink, now: at(released - 1) })).toMatchObject({
      meetings: 0,
      meetingsKeptForObjects: 1,
    });
    expect(await meetingIds()).toEqual([meetingId]);
    expect((await sweepRetention({ sink, now: at(released) })).meetings).toBe(1);
  });

  it.each([
    "recording",
    "transcript",
    "entities",
  ] as const)("keeps a meeting past its own period while S3 still locks its %s, and sweeps it once S3 lets go", async (object) => {
    const startedAt = "2026-01-10T09:00:00Z";
    // The object was created ten days after the meeting's date (its start event came late, say).
    const createdLater = at(Date.parse(startedAt) + 10 * day).toISOString();
    await recordConsult(startedAt, { [object]: createdLater });
    const periodOver = at(Date.parse(retainUntil(startedAt)) + day);

    expect(await sweepRetention({ sink, now: periodOver })).toEqual({
      ...nothingSwept,
      meetingsKeptForObjects: 1,
    });
    expect((await sweepRetention({ sink, now: at(retainUntil(createdLater)) })).meetings).toBe(1);
  });

  it("keeps a meeting under legal hold however old, and deletes it once released", async () => {
    const held = await recordConsult("2025-01-01T09:00:00Z");
    await sink.placeLegalHold(held, "litigation 2031-044");

    expect(await sweepRetention({ sink, now })).toEqual({ ...nothingSwept, heldMeetingsKept: 1 });
    expect(await meetingIds()).toEqual([held]);

    await sink.releaseLegalHold(held);
    expect(await sweepRetention({ sink, now })).toMatchObject({ meetings: 1, heldMeetingsKept: 0 });
    expect(await meetingIds()).toEqual([]);
  });

  it("dates a meeting whose start never arrived by its end", async () => {
    const meetingId = randomUUID();
    await sink.recordMeetingEnd(lifecycleRun("ended", meetingId), {
      meetingId,
      externalMeetingId: null,
      endedAt: "2026-06-14T12:00:00Z",
      reason: "ended",
    });
    expect((await sweepRetention({ sink, now })).meetings).toBe(1);
  });

  it("dates a meeting known only from its attendance by when the pipeline first heard of it", async () => {
    const meetingId = randomUUID();
    await sink.recordAttendance(runClaim("joined", meetingId), {
      meetingId,
      attendeeId: "att-1",
      externalUserId: "patient-1",
      event: "joined",
      occurredAt: "2020-01-01T00:00:00Z",
    });
    const { data } = await service.from(tables.meetings).select("created_at").eq("id", meetingId).single();
    const retainedUntil = Date.parse(retainUntil(String(data?.created_at)));

    expect((await sweepRetention({ sink, now: at(retainedUntil - day) })).meetings).toBe(0);
    // A millisecond on: JavaScript dates drop the microseconds PostgreSQL keeps.
    expect((await sweepRetention({ sink, now: at(retainedUntil + 1) })).meetings).toBe(1);
  });

  it("reports every count as a metric, and no meeting", async () => {
    await recordConsult("2026-06-14T12:00:00Z");
    const held = await recordConsult("2026-01-01T12:00:00Z");
    await sink.placeLegalHold(held, "audit");
    await recordConsult("2026-01-01T12:00:00Z", { recording: "2026-12-01T12:00:00Z" });
    const metrics: Array<[string, string, number]> = [];

    await sweepRetention({
      sink,
      now,
      metrics: { addMetric: (name, unit, value) => metrics.push([name, unit, value]) },
    });

    expect(metrics).toEqual([
      ["SweptMeetings", "Count", 1],
      ["SweptMediaPipelines", "Count", 2],
      ["SweptAttendance", "Count", 2],
      ["SweptRecordings", "Count", 1],
      ["SweptTranscripts", "Count", 1],
      ["SweptTranscriptTurns", "Count", 2],
      ["SweptMedicalEntities", "Count", 2],
      ["SweptPipelineRuns", "Count", 5],
      ["SweptRunsWithoutMeeting", "Count", 0],
      ["HeldMeetingsKept", "Count", 1],
      ["MeetingsKeptForObjects", "Count", 1],
      ["SweptChatMessages", "Count", 0],
    ]);
  });

  it("a second sweep at the same time deletes nothing more", async () => {
    await recordConsult("2026-06-14T12:00:00Z");
    await sweepRetention({ sink, now });
    expect(await sweepRetention({ sink, now })).toEqual(nothingSwept);
  });
});

describe("a swept meeting", () => {
  async function sweptConsult(): Promise<string> {
    const meetingId = await recordConsult("2026-06-14T12:00:00Z");
    expect((await sweepRetention({ sink, now })).meetings).toBe(1);
    return meetingId;
  }

  it("is never brought back: every write about it is refused with a MeetingSweptError", async () => {
    const meetingId = await sweptConsult();
    const run = (key: string) => runClaim(`late-${key}-${meetingId}`, meetingId);
    const late: Record<string, () => Promise<unknown>> = {
      attendance: () =>
        sink.recordAttendance(run("joined"), {
          meetingId,
          attendeeId: "att-2",
          externalUserId: "patient-1",
          event: "joined",
          occurredAt: "2026-06-14T12:05:00Z",
        }),
      start: () =>
        sink.recordMeetingStart(run("start"), {
          meetingId,
          externalMeetingId: null,
          startedAt: "2026-06-14T12:00:00Z",
        }),
      end: () =>
        sink.recordMeetingEnd(run("end"), {
          meetingId,
          externalMeetingId: null,
          endedAt: "2026-06-14T13:00:00Z",
          reason: "ended",
        }),
      pipeline: () => sink.recordMediaPipeline({ mediaPipelineId: "late-pipe", meetingId, kind: "capture" }),
      status: () =>
        sink.recordMediaPipelineStatus(run("status"), {
          mediaPipelineId: `concat-${meetingId}`,
          meetingId,
          status: "Deleted",
          at: "2026-06-14T13:00:00Z",
        }),
      recording: () => sink.recordRecording(run("recording"), consultRecording(meetingId).recording),
      transcript: () =>
        sink.ingestTranscript(
          consultIngest({ meetingId, idempotencyKey: "late", completedAt: "2026-06-14T14:00:00Z" }),
        ),
      claim: () => sink.claimRun(run("claim")),
      hold: () => sink.placeLegalHold(meetingId, "too late"),
    };

    for (const [name, write] of Object.entries(late)) {
      const refused = await write().catch((error: unknown) => error);
      expect(refused, name).toBeInstanceOf(MeetingSweptError);
      expect(refused, name).toMatchObject({ name: "MeetingSweptError", meetingId, code: "MPS01" });
    }
    expect(await meetingIds()).toEqual([]);
    expect(await sink.findMeeting(meetingId)).toBeNull();
  });

  it("a refused write is listed in the run log, with no meeting, and goes by age", async () => {
    const meetingId = await sweptConsult();
    const run = runClaim(`late-joined-${meetingId}`, meetingId);
    await sink
      .recordAttendance(run, {
        meetingId,
        attendeeId: "att-2",
        externalUserId: "patient-1",
        event: "joined",
        occurredAt: "2026-06-14T12:05:00Z",
      })
      .catch(() => undefined);

    expect(
      await sink.recordRunFailure(run, {
        status: "failed",
        step: "RecordAttendance",
        error: "MeetingSweptError",
        cause: `record_attendance failed for meeting ${meetingId}: code MPS01 (HTTP 400)`,
      }),
    ).toBe("inserted");
    const { data } = await service
      .from(tables.pipelineRuns)
      .select("status,error,meeting_id")
      .eq("meeting_id", meetingId);
    expect(data).toEqual([{ status: "failed", error: "MeetingSweptError", meeting_id: meetingId }]);
    expect(await meetingIds()).toEqual([]);
  });

  it.skipIf(testTierHasOneSession)(
    "a write that waited for the sweep deleting its meeting is refused, not let in to recreate it (PostgreSQL: concurrent connections)",
    async () => {
      const meetingId = await recordConsult("2026-06-14T12:00:00Z");
      const sweeper = await serviceRoleSession();
      try {
        await sweeper.query("begin");
        await sweeper.query("set local role service_role");
        await sweeper.query(`select public.${rpcs.sweepExpired}($1)`, [
          { now: now.toISOString(), cutoff: retentionCutoff(now) },
        ]);
        const late = sink
          .recordAttendance(runClaim(`late-${meetingId}`, meetingId), {
            meetingId,
            attendeeId: "att-2",
            externalUserId: "patient-1",
            event: "joined",
            occurredAt: "2026-06-14T12:05:00Z",
          })
          .catch((error: unknown) => error);
        await waitUntilBlocked(rpcs.recordAttendance);
        await sweeper.query("commit");

        expect(await late).toBeInstanceOf(MeetingSweptError);
        expect(await sink.findMeeting(meetingId)).toBeNull();
      } finally {
        await sweeper.end();
      }
    },
  );
});

describe("the run log's rows of no meeting", () => {
  it("go once past the retention period, counted from their last change; newer ones stay", async () => {
    const foreign = runClaim("other-applications-pipeline", null, "media-pipeline");
    const newer = runClaim("broken-event", null, "meeting-lifecycle");
    for (const claim of [foreign, newer]) await sink.claimRun(claim);
    const cutoff = Date.parse(retentionCutoff(now));
    await admin.query("update public.pipeline_runs set updated_at = $2 where idempotency_key = $1", [
      foreign.idempotencyKey,
      at(cutoff - day),
    ]);
    await admin.query("update public.pipeline_runs set updated_at = $2 where idempotency_key = $1", [
      newer.idempotencyKey,
      at(cutoff + day),
    ]);

    expect(await sweepRetention({ sink, now })).toEqual({ ...nothingSwept, runsWithoutMeeting: 1 });
    const { data } = await service.from(tables.pipelineRuns).select("idempotency_key");
    expect(data).toEqual([{ idempotency_key: newer.idempotencyKey }]);
  });
});

describe("sweeps at once", () => {
  it.skipIf(testTierHasOneSession)(
    "a second sweep waits for the first on the sweep's lock, holding no meeting, then deletes nothing more (PostgreSQL: concurrent connections)",
    async () => {
      await recordConsult("2026-06-14T12:00:00Z");
      await recordConsult("2026-06-13T12:00:00Z");
      const first = await serviceRoleSession();
      try {
        await first.query("begin");
        await first.query("set local role service_role");
        const [{ report }] = (
          await first.query(`select public.${rpcs.sweepExpired}($1) as report`, [
            { now: now.toISOString(), cutoff: retentionCutoff(now) },
          ])
        ).rows as [{ report: SweepReport }];
        const second = sweepRetention({ sink, now });

        const waiting = await waitUntilBlocked(rpcs.sweepExpired);
        expect(waiting).toEqual({ wait_event_type: "Lock", wait_event: "advisory" });
        await first.query("commit");

        expect(report.meetings).toBe(2);
        expect(await second).toEqual(nothingSwept);
      } finally {
        await first.end();
      }
    },
  );
});

/** A connection of its own, as the sweeper's transaction is in these tests. */
async function serviceRoleSession(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: supabase.databaseUrl });
  await client.connect();
  return client;
}

/** Waits until a call of `rpc` (through PostgREST) is blocked on a lock, and says on which. */
async function waitUntilBlocked(rpc: string): Promise<{ wait_event_type: string; wait_event: string }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await admin.query(
      `select wait_event_type, wait_event from pg_stat_activity
       where pid <> pg_backend_pid() and wait_event_type = 'Lock' and query like $1`,
      [`%${rpc}%`],
    );
    if (rows[0]) return rows[0] as { wait_event_type: string; wait_event: string };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${rpc} call got blocked`);
}
