import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tables } from "@medpipe/core/sink";
import { type EmbeddedSupabase, startTestSupabase } from "@medpipe/core/sink/embedded";
import { createClient } from "@supabase/supabase-js";
import { synthesize } from "../../../../stacks/synthesize.js";
import { LocalPipeline } from "./pipeline.js";
import { type LocalStateMachine, stateMachinesOf } from "./state-machines.js";

/**
 * Test rig for whole-pipeline tests: the state machines synthesized once, one Supabase per test file (PGlite,
 * or the CI tier's PostgreSQL), and a fresh local pipeline with fresh stand-ins per test.
 */
export interface Rig {
  supabase: EmbeddedSupabase;
  machines: Map<string, LocalStateMachine>;
  pipeline(transcribeOutput: Buffer | object): Promise<LocalPipeline>;
  /** Every result row of the pipeline, without generated ids and timestamps, in a stable order. */
  results(): Promise<Record<string, unknown[]>>;
  runLog(): Promise<Record<string, unknown>[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const { templates } = await synthesize({ stage: "local", checks: false });
  const machines = stateMachinesOf(templates["local-medpipe-Workflows"] as never);
  const supabase = await startTestSupabase();
  const db = createClient(supabase.url, supabase.serviceRoleKey, { auth: { persistSession: false } });
  let current: LocalPipeline | undefined;

  const rows = async (table: string, columns: string) => {
    const { data, error } = await db.from(table).select(columns);
    if (error) throw new Error(`${table}: ${error.code} ${error.message}`);
    return (data as unknown as Record<string, unknown>[])
      .map((row) => JSON.stringify(row))
      .sort()
      .map((row) => JSON.parse(row));
  };

  return {
    supabase,
    machines,
    async pipeline(transcribeOutput) {
      current?.stop();
      current = await LocalPipeline.start({
        out: await mkdtemp(join(tmpdir(), "medpipe-test-")),
        machines,
        transcribeOutput: Buffer.isBuffer(transcribeOutput)
          ? transcribeOutput
          : Buffer.from(JSON.stringify(transcribeOutput)),
        supabase: { url: supabase.url, serviceRoleKey: supabase.serviceRoleKey },
      });
      return current;
    },
    async results() {
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
        transcripts: await rows(tables.transcripts, "meeting_id, bucket, text, retain_until"),
        turns: await rows(
          tables.transcriptTurns,
          "seq, speaker, start_time, end_time, begin_offset, end_offset",
        ),
        entities: await rows(
          tables.medicalEntities,
          "meeting_id, seq, category, type, text, begin_offset, end_offset, score, speaker, traits, attributes, icd10cm, rxnorm, snomedct",
        ),
      };
    },
    runLog: () =>
      rows(
        tables.pipelineRuns,
        "idempotency_key, workflow, meeting_id, replay_name, step, status, error, cause",
      ),
    reset: () => supabase.reset(),
    async stop() {
      current?.stop();
      await supabase.stop();
    },
  };
}
