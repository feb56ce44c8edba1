import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  consultIngest,
  consultRecording,
  lifecycleRun,
  postConsult,
  revisedConsult,
  runClaim,
  STANDIN_MODEL,
} from "./consult-fixture.js";
import type { EmbeddedSupabase } from "./embedded/embedded-supabase.js";
import { startTestSupabase } from "./embedded/test-tier.js";
import { signToken } from "./embedded/token.js";
import type { MeetingState, RunClaim, Sink } from "./sink.js";
import { type SinkClient, sinkClient } from "./sink-client.js";
import { MediaPipelineNotRecordedError, SinkError, SinkUnavailableError } from "./sink-error.js";
import { createSupabaseSink } from "./supabase-sink.js";
import { type TableName, tables } from "./tables.js";

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

async function rowsOf(table: TableName, column: string, value: string): Promise<Record<string, unknown>[]> {
  const { data, error } = await service.from(table).select("*").eq(column, value);
  if (error) throw new Error(`reading ${table}: ${error.code}`);
  return data;
}

async function countOf(table: TableName, column: string, value: string): Promise<number> {
  return (await rowsOf(table, column, value)).length;
}

describe("ingesting a transcript", () => {
  it("stores the transcript, its turns and its entities with their concepts, models and retain-until dates", async () => {
    const meetingId = randomUUID();
    const ingest = consultIngest({
      meetingId,
      idempotencyKey: "ingest-1",
      completedAt: "2026-03-10T10:00:00.000Z",
      entitiesRetainUntil: "2033-03-11T09:30:00.000Z",
    });
    const result = await postConsult(sink, ingest);

    expect(result).toMatchObject({ turns: 2, entities: 2, finishedRun: true });
    const [transcript] = await rowsOf(tables.transcripts, "meeting_id", meetingId);
    expect(transcript).toMatchObject({
      id: result.transcriptId,
      job_name: `job-${meetingId}`,
      version_id: "t-v1",
      entities_key: `entities/${meetingId}/2026-03-10T10:00:00.000Z.json`,
      entities_version_id: "e-v1",
      idempotency_key: "ingest-1",
    });
    expect(new Date(String(transcript?.retain_until)).toISOString()).toBe("2033-03-10T09:30:00.000Z");
    expect(new Date(String(transcript?.entities_retain_until)).toISOString()).toBe(
      "2033-03-11T09:30:00.000Z",
    );
    expect(transcript?.comprehend).toEqual(ingest.document.comprehend);
    const entities = await rowsOf(tables.medicalEntities, "meeting_id", meetingId);
    const ibuprofen = entities.find((entity) => entity.type === "GENERIC_NAME");
    expect(ibuprofen).toMatchObject({
      transcript_id: result.transcriptId,
      category: "MEDICATION",
      speaker: "spk_1",
      rxnorm: [{ code: "5640", description: "ibuprofen", score: 0.95 }],
      icd10cm: [],
      model_version: STANDIN_MODEL,
    });
    const text = String(transcript?.text);
    expect(text.slice(Number(ibuprofen?.begin_offset), Number(ibuprofen?.end_offset))).toBe("ibuprofen");
    const turns = await rowsOf(tables.transcriptTurns, "transcript_id", result.transcriptId);
    expect(turns.map((turn) => turn.speaker).sort()).toEqual(["spk_0", "spk_1"]);
  });

  it("the same idempotency key twice leaves one transcript with the same turns and entities", async () => {
    const meetingId = randomUUID();
    const ingest = consultIngest({
      meetingId,
      idempotencyKey: "ingest-1",
      completedAt: "2026-03-10T10:00:00.000Z",
    });

    const first = await postConsult(sink, ingest);
    const second = await postConsult(sink, ingest);

    // The run already succeeded: the rows are written again, the run is left as it is.
    expect(second).toEqual({ ...first, finishedRun: false });
    expect(await countOf(tables.transcripts, "meeting_id", meetingId)).toBe(1);
    expect(await countOf(tables.transcriptTurns, "transcript_id", first.transcriptId)).toBe(2);
    expect(await countOf(tables.medicalEntities, "meeting_id", meetingId)).toBe(2);
  });

  it("a newer transcript of the meeting replaces the older one's turns and entities", async () => {
    const meetingId = randomUUID();
    const older = await postConsult(
      sink,
      consultIngest({ meetingId, idempotencyKey: "ingest-1", completedAt: "2026-03-10T10:00:00.000Z" }),
    );

    const newer = await postConsult(
      sink,
      consultIngest({
        meetingId,
        idempotencyKey: "ingest-2",
        completedAt: "2026-03-10T11:00:00.000Z",
        lines: revisedConsult,
      }),
    );

    expect(newer).toEqual({ transcriptId: older.transcriptId, turns: 3, entities: 2, finishedRun: true });
    const [transcript] = await rowsOf(tables.transcripts, "meeting_id", meetingId);
    expect(transcript?.idempotency_key).toBe("ingest-2");
    const entities = await rowsOf(tables.medicalEntities, "meeting_id", meetingId);
    expect(entities.map((entity) => entity.text).sort()).toEqual(["headache", "nausea"]);
    expect(await countOf(tables.transcriptTurns, "transcript_id", newer.transcriptId)).toBe(3);
  });

  it("an older transcript arriving late is ignored", async () => {
    const meetingId = randomUUID();
    await postConsult(
      sink,
      consultIngest({
        meetingId,
        idempotencyKey: "ingest-2",
        completedAt: "2026-03-10T11:00:00.000Z",
        lines: revisedConsult,
      }),
    );

    const late = await postConsult(
      sink,
      consultIngest({ meetingId, idempotencyKey: "ingest-1", completedAt: "2026-03-10T10:00:00.000Z" }),
    );

    expect(late).toMatchObject({ turns: 3, entities: 2 });
    const [transcript] = await rowsOf(tables.transcripts, "meeting_id", meetingId);
    expect(transcript?.idempotency_key).toBe("ingest-2");
  });

  it("creates the meeting when the transcript is the first the sink hears of it", async () => {
    const meetingId = randomUUID();
    await postConsult(
      sink,
      consultIngest({ meetingId, idempotencyKey: "ingest-1", completedAt: "2026-03-10T10:00:00.000Z" }),
    );
    expect(await sink.findMeeting(meetingId)).toMatchObject({ meetingId, startedAt: null, legalHold: false });
  });
});

describe("meeting events in any order", () => {
  const startedAt = "2026-03-10T09:30:00.000Z";
  const endedAt = "2026-03-10T10:00:00.000Z";

  type Write = (sink: Sink, meetingId: string) => Promise<unknown>;
  const joined: Write = (s, meetingId) =>
    s.recordAttendance(runClaim(`joined-${meetingId}`, meetingId), {
      meetingId,
      attendeeId: "att-1",
      externalUserId: "patient-1",
      event: "joined",
      occurredAt: startedAt,
    });
  const writes: Record<string, Write> = {
    start: (s, meetingId) =>
      s.recordMeetingStart(lifecycleRun("started", meetingId), {
        meetingId,
        externalMeetingId: "appt-1",
        startedAt,
      }),
    duplicateStart: (s, meetingId) =>
      s.recordMeetingStart(lifecycleRun("started", meetingId), {
        meetingId,
        externalMeetingId: "appt-1",
        startedAt,
      }),
    end: (s, meetingId) =>
      s.recordMeetingEnd(lifecycleRun("ended", meetingId), {
        meetingId,
        externalMeetingId: "appt-1",
        endedAt,
        reason: "ended",
      }),
    timeout: (s, meetingId) =>
      s.recordMeetingEnd(lifecycleRun("timed-out", meetingId), {
        meetingId,
        externalMeetingId: null,
        endedAt: "2026-03-11T09:30:00.000Z",
        reason: "timed-out",
      }),
    capture: (s, meetingId) =>
      s.recordMediaPipeline({ mediaPipelineId: `capture-${meetingId}`, meetingId, kind: "capture" }),
    concatenation: (s, meetingId) =>
      s.recordMediaPipeline({ mediaPipelineId: `concat-${meetingId}`, meetingId, kind: "concatenation" }),
    joined: (s, meetingId) => joined(s, meetingId),
    left: (s, meetingId) =>
      s.recordAttendance(runClaim(`left-${meetingId}`, meetingId), {
        meetingId,
        attendeeId: "att-1",
        externalUserId: "patient-1",
        event: "left",
        occurredAt: endedAt,
      }),
    duplicateJoined: (s, meetingId) => joined(s, meetingId),
  };

  it("every delivery order, with duplicates, leaves the same meeting, attendance and pipelines", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(Object.keys(writes), { minLength: Object.keys(writes).length }),
        async (order) => {
          const meetingId = randomUUID();
          for (const name of order) await writes[name]?.(sink, meetingId);

          expect(await sink.findMeeting(meetingId)).toEqual({
            meetingId,
            externalMeetingId: "appt-1",
            startedAt,
            endedAt,
            capturePipelineId: `capture-${meetingId}`,
            concatenationPipelineId: `concat-${meetingId}`,
            legalHold: false,
          } satisfies MeetingState);
          const [meeting] = await rowsOf(tables.meetings, "id", meetingId);
          expect(meeting?.end_reason).toBe("ended");
          expect(await countOf(tables.attendance, "meeting_id", meetingId)).toBe(2);
          expect(await countOf(tables.mediaPipelines, "meeting_id", meetingId)).toBe(2);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("attendance for a meeting not yet recorded creates the meeting, and its start fills it in", async () => {
    const meetingId = randomUUID();
    await writes.joined?.(sink, meetingId);
    expect(await sink.findMeeting(meetingId)).toMatchObject({ startedAt: null, externalMeetingId: null });

    const state = await sink.recordMeetingStart(lifecycleRun("started", meetingId), {
      meetingId,
      externalMeetingId: "appt-1",
      startedAt,
    });
    expect(state).toMatchObject({ meeting: { startedAt, externalMeetingId: "appt-1", endedAt: null } });
  });

  it("a meeting that times out stays ended by the timeout until a real end arrives", async () => {
    const meetingId = randomUUID();
    await writes.start?.(sink, meetingId);
    expect(await writes.timeout?.(sink, meetingId)).toMatchObject({
      meeting: { endedAt: "2026-03-11T09:30:00.000Z" },
    });
    expect(await writes.end?.(sink, meetingId)).toMatchObject({ meeting: { endedAt } });
  });
});

describe("meetings and media pipelines", () => {
  it("finds meetings that started before a time and never ended", async () => {
    const open = randomUUID();
    const ended = randomUUID();
    const recent = randomUUID();
    await sink.recordMeetingStart(lifecycleRun("started", open), {
      meetingId: open,
      externalMeetingId: null,
      startedAt: "2026-03-10T08:00:00.000Z",
    });
    await sink.recordMeetingStart(lifecycleRun("started", ended), {
      meetingId: ended,
      externalMeetingId: null,
      startedAt: "2026-03-10T08:00:00.000Z",
    });
    await sink.recordMeetingEnd(lifecycleRun("ended", ended), {
      meetingId: ended,
      externalMeetingId: null,
      endedAt: "2026-03-10T09:00:00.000Z",
      reason: "ended",
    });
    await sink.recordMeetingStart(lifecycleRun("started", recent), {
      meetingId: recent,
      externalMeetingId: null,
      startedAt: "2026-03-11T08:00:00.000Z",
    });

    const found = await sink.findOpenMeetings("2026-03-11T00:00:00.000Z");

    expect(found.map((meeting) => meeting.meetingId)).toEqual([open]);
  });

  it("finds the recorded meetings that ended in a window and have no transcript with entities yet", async () => {
    const endAt = async (meetingId: string, endedAt: string, recorded: boolean) => {
      await sink.recordMeetingEnd(lifecycleRun("ended", meetingId), {
        meetingId,
        externalMeetingId: null,
        endedAt,
        reason: "ended",
      });
      if (recorded) {
        await sink.recordMediaPipeline({
          mediaPipelineId: `concat-${meetingId}`,
          meetingId,
          kind: "concatenation",
        });
      }
    };
    const [missing, transcribed, unrecorded, tooRecent, tooOld] = [1, 2, 3, 4, 5].map(() => randomUUID()) as [
      string,
      string,
      string,
      string,
      string,
    ];
    await endAt(missing, "2026-03-10T09:00:00.000Z", true);
    await endAt(transcribed, "2026-03-10T09:00:00.000Z", true);
    await postConsult(
      sink,
      consultIngest({
        meetingId: transcribed,
        idempotencyKey: `ingest-${transcribed}`,
        completedAt: "2026-03-10T10:00:00.000Z",
      }),
    );
    await endAt(unrecorded, "2026-03-10T09:00:00.000Z", false);
    await endAt(tooRecent, "2026-03-10T12:00:00.000Z", true);
    await endAt(tooOld, "2026-02-01T09:00:00.000Z", true);

    const found = await sink.findMeetingsMissingEntities({
      endedAfter: "2026-02-25T12:00:00.000Z",
      endedBefore: "2026-03-10T12:00:00.000Z",
    });

    expect(found).toEqual({ count: 1, meetingIds: [missing] });
  });

  it("keeps a media pipeline's newest status, and tells whose pipeline it is", async () => {
    const meetingId = randomUUID();
    await sink.recordMediaPipeline({ mediaPipelineId: "pipe-1", meetingId, kind: "capture" });
    const change = (key: string, status: string, at: string) =>
      sink.recordMediaPipelineStatus(runClaim(key, meetingId, "media-pipeline"), {
        mediaPipelineId: "pipe-1",
        meetingId,
        status,
        at,
      });

    expect(await change("stopped", "Stopped", "2026-03-10T10:00:00.000Z")).toEqual({
      decision: "claimed",
      pipeline: { meetingId, kind: "capture" },
    });
    await change("in-progress", "InProgress", "2026-03-10T09:30:00.000Z");

    const [pipeline] = await rowsOf(tables.mediaPipelines, "id", "pipe-1");
    expect(pipeline?.status).toBe("Stopped");
  });

  it("ignores the status of a pipeline of no meeting it recorded (another application's), and counts the event as handled", async () => {
    const otherApplications = randomUUID();
    for (const meetingId of [otherApplications, null]) {
      const key = `unknown-status-${meetingId}`;
      const run = runClaim(key, meetingId, "media-pipeline");
      const change = {
        mediaPipelineId: "pipe-unknown",
        meetingId,
        status: "InProgress",
        at: "2026-03-10T09:30:00Z",
      };

      expect(await sink.recordMediaPipelineStatus(run, change)).toEqual({
        decision: "claimed",
        pipeline: null,
      });
      const [handled] = await rowsOf(tables.pipelineRuns, "idempotency_key", key);
      expect(handled?.status).toBe("succeeded");
    }
    expect(await countOf(tables.mediaPipelines, "id", "pipe-unknown")).toBe(0);
    expect(await sink.findMeeting(otherApplications)).toBeNull();
  });

  it("refuses, to be retried, a status that comes before its pipeline is recorded, claiming nothing", async () => {
    const meetingId = randomUUID();
    await sink.recordMeetingStart(lifecycleRun("started", meetingId), {
      meetingId,
      externalMeetingId: null,
      startedAt: "2026-03-10T09:30:00.000Z",
    });
    const run = runClaim("early-status", meetingId, "media-pipeline");
    const change = {
      mediaPipelineId: "pipe-early",
      meetingId,
      status: "InProgress",
      at: "2026-03-10T09:30:05Z",
    };

    const refused = await sink.recordMediaPipelineStatus(run, change).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MediaPipelineNotRecordedError);
    expect(refused).toMatchObject({ name: "MediaPipelineNotRecordedError", meetingId, code: "MPR01" });
    expect(await countOf(tables.pipelineRuns, "idempotency_key", "early-status")).toBe(0);

    await sink.recordMediaPipeline({ mediaPipelineId: "pipe-early", meetingId, kind: "capture" });
    expect(await sink.recordMediaPipelineStatus(run, change)).toEqual({
      decision: "claimed",
      pipeline: { meetingId, kind: "capture" },
    });
    const [pipeline] = await rowsOf(tables.mediaPipelines, "id", "pipe-early");
    expect(pipeline?.status).toBe("InProgress");
  });

  it("a meeting never recorded is not found", async () => {
    expect(await sink.findMeeting(randomUUID())).toBeNull();
  });
});

describe("recordings and the objects of a meeting", () => {
  it("a recording recorded twice (a retried step) is one row, listed with the transcript and entities objects", async () => {
    const meetingId = randomUUID();
    const { run, recording } = consultRecording(meetingId);
    await sink.recordRecording(run, recording);
    await sink.recordRecording(run, recording);
    const ingest = consultIngest({
      meetingId,
      idempotencyKey: "ingest-1",
      completedAt: "2026-03-10T10:00:00.000Z",
    });
    await postConsult(sink, ingest);

    expect(await countOf(tables.recordings, "meeting_id", meetingId)).toBe(1);
    expect(await sink.listMeetingObjects(meetingId)).toEqual([
      { bucket: "medpipe-data", key: recording.key, versionId: "r-v1" },
      { bucket: ingest.transcript.bucket, key: ingest.transcript.key, versionId: "t-v1" },
      { bucket: ingest.entitiesObject.bucket, key: ingest.entitiesObject.key, versionId: "e-v1" },
    ]);
  });
});

describe("claiming runs", () => {
  const claim = (idempotencyKey: string, execution: string): RunClaim => ({
    ...runClaim(idempotencyKey, null, "meeting-ended"),
    execution,
  });

  it("the first claim of an event wins; while it runs and after it succeeds, the event is a duplicate", async () => {
    expect(await sink.claimRun(claim("key-1", "exec-1"))).toBe("claimed");
    expect(await sink.claimRun(claim("key-1", "exec-2"))).toBe("duplicate");
    expect(await sink.finishRun(claim("key-1", "exec-1"), { status: "succeeded" })).toEqual({
      finished: true,
    });
    expect(await sink.claimRun(claim("key-1", "exec-3"))).toBe("duplicate");

    const [run] = await rowsOf(tables.pipelineRuns, "idempotency_key", "key-1");
    expect(run).toMatchObject({ status: "succeeded", execution: "exec-1", attempts: 1 });
  });

  it("a failed run may be claimed again, counting the attempt and clearing the failure", async () => {
    await sink.claimRun(claim("key-2", "exec-1"));
    expect(
      await sink.recordRunFailure(claim("key-2", "exec-1"), {
        status: "failed",
        step: "PostResults",
        error: "SinkError",
        cause: "code 57014",
      }),
    ).toBe("updated");
    const [failed] = await rowsOf(tables.pipelineRuns, "idempotency_key", "key-2");
    expect(failed).toMatchObject({
      status: "failed",
      step: "PostResults",
      error: "SinkError",
      cause: "code 57014",
    });

    expect(await sink.claimRun({ ...claim("key-2", "exec-2"), replayName: "replay-1" })).toBe("claimed");

    const [run] = await rowsOf(tables.pipelineRuns, "idempotency_key", "key-2");
    expect(run).toMatchObject({
      status: "running",
      execution: "exec-2",
      replay_name: "replay-1",
      attempts: 2,
      error: null,
    });
  });

  it("a claim names its meeting in the run log, and leaves creating the meeting to the write", async () => {
    const meetingId = randomUUID();
    expect(await sink.claimRun({ ...claim("key-3", "exec-1"), meetingId })).toBe("claimed");
    expect(await rowsOf(tables.pipelineRuns, "idempotency_key", "key-3")).toEqual([
      expect.objectContaining({ meeting_id: meetingId, status: "running" }),
    ]);
    expect(await sink.findMeeting(meetingId)).toBeNull();
  });

  it("a claimed write claims the run, writes and records its success at once; a duplicate writes nothing", async () => {
    const meetingId = randomUUID();
    const attendance = {
      meetingId,
      attendeeId: "att-1",
      externalUserId: "patient-1",
      event: "joined" as const,
      occurredAt: "2026-03-10T09:31:00.000Z",
    };

    expect(await sink.recordAttendance(runClaim("joined-1", meetingId), attendance)).toBe("claimed");
    expect(await sink.recordAttendance(runClaim("joined-1", meetingId), attendance)).toBe("duplicate");

    expect(await countOf(tables.attendance, "meeting_id", meetingId)).toBe(1);
    const [run] = await rowsOf(tables.pipelineRuns, "idempotency_key", "joined-1");
    expect(run).toMatchObject({ status: "succeeded", meeting_id: meetingId, attempts: 1 });
  });

  it("a claimed write that fails leaves neither its rows nor its claim, so that a retry runs it again", async () => {
    const meetingId = randomUUID();
    const attendance = {
      meetingId,
      attendeeId: "att-1",
      externalUserId: "patient-1",
      event: "joined" as const,
      occurredAt: "not a time",
    };

    await expect(sink.recordAttendance(runClaim("joined-2", meetingId), attendance)).rejects.toMatchObject({
      operation: "record_attendance",
      code: "22007",
    });
    expect(await countOf(tables.pipelineRuns, "idempotency_key", "joined-2")).toBe(0);
    expect(
      await sink.recordAttendance(runClaim("joined-2", meetingId), {
        ...attendance,
        occurredAt: "2026-03-10T09:31:00.000Z",
      }),
    ).toBe("claimed");
  });

  it("a retried step keeps the claim its own execution made, without counting another attempt", async () => {
    expect(await sink.claimRun(claim("key-4", "exec-1"))).toBe("claimed");
    expect(await sink.claimRun(claim("key-4", "exec-1"))).toBe("claimed");
    expect(await sink.claimRun(claim("key-4", "exec-2"))).toBe("duplicate");

    const [run] = await rowsOf(tables.pipelineRuns, "idempotency_key", "key-4");
    expect(run).toMatchObject({ status: "running", execution: "exec-1", attempts: 1 });
  });

  it("a meeting start or end claims its run first: another execution's delivery writes nothing", async () => {
    const meetingId = randomUUID();
    const start = { meetingId, externalMeetingId: "appt-1", startedAt: "2026-03-10T09:30:00.000Z" };
    const run = lifecycleRun("started", meetingId);

    expect(await sink.recordMeetingStart(run, start)).toMatchObject({ decision: "claimed", meeting: start });
    expect(
      await sink.recordMeetingStart(
        { ...run, execution: "another-execution" },
        { ...start, startedAt: "2026-03-10T09:00:00.000Z" },
      ),
    ).toEqual({ decision: "duplicate" });
    expect(await sink.findMeeting(meetingId)).toMatchObject({ startedAt: start.startedAt });
  });

  it("a recording claims its run first: another execution's delivery writes nothing", async () => {
    const meetingId = randomUUID();
    const { run, recording } = consultRecording(meetingId);

    expect(await sink.recordRecording(run, recording)).toBe("claimed");
    expect(
      await sink.recordRecording(
        { ...run, execution: "another-execution" },
        { ...recording, versionId: "r-v2" },
      ),
    ).toBe("duplicate");
    expect(await rowsOf(tables.recordings, "meeting_id", meetingId)).toEqual([
      expect.objectContaining({ version_id: "r-v1" }),
    ]);
  });

  it("a run's last write records its success with its rows", async () => {
    const meetingId = randomUUID();
    const ended = lifecycleRun("ended", meetingId);
    await sink.claimRun(ended);
    expect(
      await sink.recordMediaPipeline(
        { mediaPipelineId: "concat-1", meetingId, kind: "concatenation" },
        ended,
      ),
    ).toMatchObject({ meeting: { concatenationPipelineId: "concat-1" }, finishedRun: true });
    const ingest = consultIngest({
      meetingId,
      idempotencyKey: "ingest-1",
      completedAt: "2026-03-10T10:00:00.000Z",
    });
    await postConsult(sink, ingest);

    const runs = await rowsOf(tables.pipelineRuns, "meeting_id", meetingId);
    expect(runs.map((run) => [run.idempotency_key, run.status]).sort()).toEqual([
      [ended.idempotencyKey, "succeeded"],
      [ingest.finishesRun.idempotencyKey, "succeeded"],
    ]);
  });

  it("finishing a run never claimed finishes nothing and says so", async () => {
    expect(await sink.finishRun(claim("key-unknown", "exec-1"), { status: "succeeded" })).toEqual({
      finished: false,
    });
    expect(await countOf(tables.pipelineRuns, "idempotency_key", "key-unknown")).toBe(0);
  });
});

describe("errors", () => {
  it("a key without the service role is refused with PostgreSQL's 42501, naming the RPC and meeting", async () => {
    const anonSink = createSupabaseSink(sinkClient({ url: supabase.url, serviceRoleKey: supabase.anonKey }));
    const meetingId = randomUUID();

    const error = await anonSink
      .recordMeetingStart(lifecycleRun("started", meetingId), {
        meetingId,
        externalMeetingId: null,
        startedAt: "2026-03-10T09:30:00.000Z",
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SinkError);
    expect(error).not.toBeInstanceOf(SinkUnavailableError);
    expect(error).toMatchObject({
      name: "SinkError",
      operation: "record_meeting_start",
      meetingId,
      code: "42501",
      status: 401,
    });
  });

  it("a token signed with another secret is refused with PostgREST's PGRST301", async () => {
    const forgedKey = await signToken({ role: "service_role" }, "a-secret-that-is-not-the-projects-secret");
    const forged = createSupabaseSink(sinkClient({ url: supabase.url, serviceRoleKey: forgedKey }));
    await expect(forged.findMeeting(randomUUID())).rejects.toMatchObject({ code: "PGRST301", status: 401 });
  });

  it("a malformed meeting id surfaces PostgreSQL's 22P02 without the value sent", async () => {
    const error = await sink
      .recordAttendance(runClaim("malformed", null), {
        meetingId: "not-a-meeting",
        attendeeId: "att-1",
        externalUserId: "patient-1",
        event: "joined",
        occurredAt: "2026-03-10T09:30:00.000Z",
      })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      name: "SinkError",
      operation: "record_attendance",
      code: "22P02",
      status: 400,
    });
    expect(String((error as Error).message)).not.toContain("patient-1");
  });

  it("an unreachable Supabase fails the call with a SinkUnavailableError, so the step retries", async () => {
    const unreachable = createSupabaseSink(
      sinkClient({ url: "http://127.0.0.1:9", serviceRoleKey: supabase.serviceRoleKey }),
    );
    const meetingId = randomUUID();

    await expect(
      unreachable.ingestTranscript(
        consultIngest({ meetingId, idempotencyKey: "ingest-1", completedAt: "2026-03-10T10:00:00.000Z" }),
      ),
    ).rejects.toMatchObject({
      name: "SinkUnavailableError",
      operation: "ingest_transcript",
      meetingId,
      code: null,
      status: 0,
    });
  });
});

describe("consistency", () => {
  it("an entity is of its transcript's meeting: one filed under another meeting is refused", async () => {
    const [meetingId, otherMeetingId] = [randomUUID(), randomUUID()];
    for (const id of [meetingId, otherMeetingId]) {
      await postConsult(
        sink,
        consultIngest({ meetingId: id, idempotencyKey: `ingest-${id}`, completedAt: "2026-03-10T10:00:00Z" }),
      );
    }
    const [entity] = await rowsOf(tables.medicalEntities, "meeting_id", meetingId);

    const { error } = await service
      .from(tables.medicalEntities)
      .insert({ ...entity, seq: 99, meeting_id: otherMeetingId });

    expect(error?.code).toBe("23503");
    expect(await countOf(tables.medicalEntities, "meeting_id", otherMeetingId)).toBe(2);
  });
});
