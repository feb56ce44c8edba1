import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  consultIngest,
  consultRecording,
  lifecycleRun,
  postConsult,
  runClaim,
} from "../sink/consult-fixture.js";
import type { EmbeddedSupabase } from "../sink/embedded/embedded-supabase.js";
import { startTestSupabase } from "../sink/embedded/test-tier.js";
import type { Sink, SweepReport } from "../sink/sink.js";
import { type SinkClient, sinkClient } from "../sink/sink-client.js";
import { createSupabaseSink } from "../sink/supabase-sink.js";
import { tables } from "../sink/tables.js";
import { retainUntil } from "./retain-until.js";
import { sweepRetention } from "./sweeper.js";

let supabase: EmbeddedSupabase;
let service: SinkClient;
let sink: Sink;

beforeAll(async () => {
  supabase = await startTestSupabase();
  service = sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey });
  sink = createSupabaseSink(service);
});
afterEach(() => supabase.reset());
afterAll(() => supabase?.stop());

/** The frozen clock every sweep here runs at. */
const now = new Date("2033-06-15T12:00:00Z");

/**
 * A meeting with a row in every table: its start, two attendance events, a recording and a transcript, each
 * written by its run (five runs), and two pipelines.
 */
async function recordConsult(startedAt: string): Promise<string> {
  const meetingId = randomUUID();
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
  const { run, recording } = consultRecording(meetingId, retainUntil(startedAt));
  await sink.recordRecording(run, recording);
  await postConsult(
    sink,
    consultIngest({ meetingId, idempotencyKey: `ingest-${meetingId}`, completedAt: startedAt }),
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
  heldMeetingsKept: 0,
};

describe("the retention sweep", () => {
  it("keeps a meeting one day short of seven years and deletes one past it, with all its rows", async () => {
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

  it("deletes a meeting exactly seven years old, its retain-until date having come", async () => {
    await recordConsult("2026-06-15T12:00:00Z");
    expect((await sweepRetention({ sink, now })).meetings).toBe(1);
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

    expect(
      (await sweepRetention({ sink, now: new Date(retainedUntil - 24 * 60 * 60 * 1000) })).meetings,
    ).toBe(0);
    // A millisecond on: JavaScript dates drop the microseconds PostgreSQL keeps.
    expect((await sweepRetention({ sink, now: new Date(retainedUntil + 1) })).meetings).toBe(1);
  });

  it("reports every count as a metric, and no meeting", async () => {
    await recordConsult("2026-06-14T12:00:00Z");
    const held = await recordConsult("2026-01-01T12:00:00Z");
    await sink.placeLegalHold(held, "audit");
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
      ["HeldMeetingsKept", "Count", 1],
    ]);
  });

  it("a second sweep at the same time deletes nothing more", async () => {
    await recordConsult("2026-06-14T12:00:00Z");
    await sweepRetention({ sink, now });
    expect(await sweepRetention({ sink, now })).toEqual(nothingSwept);
  });
});
