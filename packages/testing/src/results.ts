import { tables } from "@medpipe/core/sink";
import { createClient } from "@supabase/supabase-js";

type Service = { url: string; serviceRoleKey: string };

/** Reads a table's columns with the service role, rows in a stable order. */
function tableReader(supabase: Service) {
  const db = createClient(supabase.url, supabase.serviceRoleKey, { auth: { persistSession: false } });
  return async (table: string, columns: string) => {
    const { data, error } = await db.from(table).select(columns);
    if (error) throw new Error(`${table}: ${error.code} ${error.message}`);
    return (data as unknown as Record<string, unknown>[])
      .map((row) => JSON.stringify(row))
      .sort()
      .map((row) => JSON.parse(row) as Record<string, unknown>);
  };
}

/**
 * Test fixture: every result row of the pipeline in a Supabase, without generated ids, version ids, timestamps
 * or the run log, each table's rows in a stable order, so that two runs' databases compare with `toEqual`.
 */
export async function pipelineResults(supabase: Service) {
  const rows = tableReader(supabase);
  return {
    meetings: await rows(
      tables.meetings,
      "id, external_meeting_id, started_at, ended_at, end_reason, legal_hold",
    ),
    mediaPipelines: await rows(tables.mediaPipelines, "meeting_id, kind, status"),
    attendance: await rows(
      tables.attendance,
      "meeting_id, attendee_id, external_user_id, event, occurred_at",
    ),
    recordings: await rows(tables.recordings, "meeting_id, bucket, key, kms_key_id, retain_until"),
    transcripts: await rows(tables.transcripts, "meeting_id, bucket, entities_bucket, retain_until, text"),
    turns: await rows(tables.transcriptTurns, "seq, speaker, start_time, end_time, begin_offset, end_offset"),
    entities: await rows(
      tables.medicalEntities,
      "meeting_id, seq, category, type, text, begin_offset, end_offset, score, speaker, start_time, end_time, " +
        "traits, attributes, icd10cm, rxnorm, snomedct",
    ),
  };
}

/** Test fixture: the run log, as ops read it. */
export function runLogRows(supabase: Service) {
  return tableReader(supabase)(
    tables.pipelineRuns,
    "idempotency_key, workflow, meeting_id, replay_name, step, status, error, cause, note",
  );
}

type Results = Awaited<ReturnType<typeof pipelineResults>>;

/**
 * A consult's results as any delivery of its events must leave them: an object's key and retain-until date
 * name the moment Chime or Transcribe wrote it, which retries and delays move, so of those only the folder and
 * the day are kept.
 */
export function consultOutcome(results: Results) {
  const day = (value: unknown) => String(value).slice(0, 10);
  return {
    ...results,
    recordings: results.recordings.map((row) => ({
      ...row,
      key: String(row.key).replace(/[^/]+$/, ""),
      retain_until: day(row.retain_until),
    })),
    transcripts: results.transcripts.map((row) => ({ ...row, retain_until: day(row.retain_until) })),
  };
}
