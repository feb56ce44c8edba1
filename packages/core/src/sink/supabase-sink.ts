import * as z from "zod";
import { retentionCutoff } from "../retention/retain-until.js";
import type { MeetingState, RunFailureRecord, Sink, StoredObject, SweepReport } from "./sink.js";
import type { SinkClient } from "./sink-client.js";
import { sinkErrorOf } from "./sink-error.js";
import { type RpcName, rpcs, tables } from "./tables.js";

/** PostgreSQL renders timestamps as `2026-03-10T09:30:00+00:00`; the pipeline speaks `…Z`. */
const timestamp = z.string().transform((value) => new Date(value).toISOString());

const meetingState = z.object({
  meetingId: z.string(),
  externalMeetingId: z.string().nullable(),
  startedAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
  capturePipelineId: z.string().nullable(),
  concatenationPipelineId: z.string().nullable(),
  legalHold: z.boolean(),
});

/** The meetings columns, renamed by PostgREST into a {@link MeetingState}. */
const meetingColumns =
  "meetingId:id,externalMeetingId:external_meeting_id,startedAt:started_at,endedAt:ended_at," +
  "capturePipelineId:capture_pipeline_id,concatenationPipelineId:concatenation_pipeline_id,legalHold:legal_hold";

const runDecision = z.enum(["claimed", "duplicate"]);

const claimedMeeting = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("claimed"), meeting: meetingState }),
  z.object({ decision: z.literal("duplicate") }),
]);

const meetingWithRun = z.object({ meeting: meetingState, finishedRun: z.boolean() });

const runFailureRecord = z.enum(["updated", "inserted", "unchanged"]) satisfies z.ZodType<RunFailureRecord>;

const mediaPipelineChange = z.object({
  decision: runDecision,
  pipeline: z.object({ meetingId: z.string(), kind: z.enum(["capture", "concatenation"]) }).nullable(),
});

const storedObject = z.object({ bucket: z.string(), key: z.string(), versionId: z.string().nullable() });

const transcriptObjects = z.object({
  bucket: z.string(),
  key: z.string(),
  versionId: z.string().nullable(),
  entitiesBucket: z.string(),
  entitiesKey: z.string(),
  entitiesVersionId: z.string().nullable(),
});

const ingestResult = z.object({
  transcriptId: z.string(),
  turns: z.number(),
  entities: z.number(),
  finishedRun: z.boolean(),
});

const sweepReport = z.object({
  meetings: z.number(),
  mediaPipelines: z.number(),
  attendance: z.number(),
  recordings: z.number(),
  transcripts: z.number(),
  turns: z.number(),
  entities: z.number(),
  runs: z.number(),
  runsWithoutMeeting: z.number(),
  heldMeetingsKept: z.number(),
  meetingsKeptForObjects: z.number(),
  chatMessages: z.number(),
}) satisfies z.ZodType<SweepReport>;

interface PostgrestAnswer {
  data: unknown;
  error: { code: string } | null;
  status: number;
}

function unwrap(answer: PostgrestAnswer, operation: string, meetingId: string | null): unknown {
  if (answer.error) throw sinkErrorOf(operation, meetingId, answer.error.code || null, answer.status);
  return answer.data;
}

/**
 * The {@link Sink} over the clinic's Supabase: writes through the SQL functions in `supabase/migrations`, one
 * transaction per call, and reads tables with the service role. A failure is a {@link SinkUnavailableError} when
 * a retry may succeed (the step retries it, the entities document in S3 staying the source of truth), a named
 * {@link SinkError} otherwise (see sinkErrorOf).
 *
 * @example
 * const sink = createSupabaseSink(sinkClient({ url, serviceRoleKey }));
 * await sink.ingestTranscript(ingest);
 */
export function createSupabaseSink(client: SinkClient): Sink {
  async function call(rpc: RpcName, meetingId: string | null, payload: object): Promise<unknown> {
    return unwrap(await client.rpc(rpc, { payload }), rpc, meetingId);
  }

  return {
    async claimRun(claim) {
      return runDecision.parse(await call(rpcs.claimRun, claim.meetingId, claim));
    },

    async finishRun(run, outcome) {
      const payload = { idempotencyKey: run.idempotencyKey, execution: run.execution, ...outcome };
      return z.object({ finished: z.boolean() }).parse(await call(rpcs.finishRun, null, payload));
    },

    async recordRunFailure(claim, failure) {
      return runFailureRecord.parse(
        await call(rpcs.recordRunFailure, claim.meetingId, { run: claim, failure }),
      );
    },

    async recordMeetingStart(run, start) {
      return claimedMeeting.parse(await call(rpcs.recordMeetingStart, start.meetingId, { ...start, run }));
    },

    async recordMeetingEnd(run, end) {
      return claimedMeeting.parse(await call(rpcs.recordMeetingEnd, end.meetingId, { ...end, run }));
    },

    async recordMediaPipeline(pipeline, finishesRun) {
      return meetingWithRun.parse(
        await call(rpcs.recordMediaPipeline, pipeline.meetingId, { ...pipeline, finishesRun }),
      );
    },

    async recordMediaPipelineStatus(run, change) {
      return mediaPipelineChange.parse(
        await call(rpcs.recordMediaPipelineStatus, change.meetingId ?? run.meetingId, { ...change, run }),
      );
    },

    async findMeeting(meetingId) {
      const answer = await client
        .from(tables.meetings)
        .select(meetingColumns)
        .eq("id", meetingId)
        .maybeSingle();
      return meetingState.nullable().parse(unwrap(answer, tables.meetings, meetingId));
    },

    async findOpenMeetings(startedBefore) {
      const answer = await client
        .from(tables.meetings)
        .select(meetingColumns)
        .is("ended_at", null)
        .lt("started_at", startedBefore)
        .order("started_at");
      return z.array(meetingState).parse(unwrap(answer, tables.meetings, null));
    },

    async findMeetingsMissingEntities({ endedAfter, endedBefore }) {
      // The empty embed joins transcripts only to filter on them: `transcripts=is.null` keeps meetings with none.
      const answer = await client
        .from(tables.meetings)
        .select(`meetingId:id,${tables.transcripts}()`, { count: "exact" })
        .not("concatenation_pipeline_id", "is", null)
        .gte("ended_at", endedAfter)
        .lt("ended_at", endedBefore)
        .is(tables.transcripts, null)
        .order("ended_at");
      const rows = z.array(z.object({ meetingId: z.string() })).parse(unwrap(answer, tables.meetings, null));
      return {
        count: answer.count ?? rows.length,
        meetingIds: rows.map((r) => r.meetingId),
      };
    },

    async recordAttendance(run, attendance) {
      return runDecision.parse(
        await call(rpcs.recordAttendance, attendance.meetingId, { ...attendance, run }),
      );
    },

    async recordRecording(run, recording) {
      return runDecision.parse(await call(rpcs.recordRecording, recording.meetingId, { ...recording, run }));
    },

    async ingestTranscript(ingest) {
      return ingestResult.parse(await call(rpcs.ingestTranscript, ingest.document.meetingId, ingest));
    },

    async placeLegalHold(meetingId, reason) {
      await call(rpcs.placeLegalHold, meetingId, { meetingId, reason });
    },

    async releaseLegalHold(meetingId) {
      await call(rpcs.releaseLegalHold, meetingId, { meetingId });
    },

    async listMeetingObjects(meetingId) {
      const [recordings, transcript] = await Promise.all([
        client
          .from(tables.recordings)
          .select("bucket,key,versionId:version_id")
          .eq("meeting_id", meetingId)
          .order("created_at"),
        client
          .from(tables.transcripts)
          .select(
            "bucket,key,versionId:version_id,entitiesBucket:entities_bucket,entitiesKey:entities_key," +
              "entitiesVersionId:entities_version_id",
          )
          .eq("meeting_id", meetingId)
          .maybeSingle(),
      ]);
      const objects: StoredObject[] = z
        .array(storedObject)
        .parse(unwrap(recordings, tables.recordings, meetingId));
      const current = transcriptObjects.nullable().parse(unwrap(transcript, tables.transcripts, meetingId));
      if (current) {
        objects.push(
          { bucket: current.bucket, key: current.key, versionId: current.versionId },
          { bucket: current.entitiesBucket, key: current.entitiesKey, versionId: current.entitiesVersionId },
        );
      }
      return objects;
    },

    async sweepExpired(now) {
      return sweepReport.parse(
        await call(rpcs.sweepExpired, null, { now: now.toISOString(), cutoff: retentionCutoff(now) }),
      );
    },
  };
}
