import { randomUUID } from "node:crypto";
import type { EntitiesDocument } from "@medpipe/core/entities";
import { startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { parseTranscribeOutput } from "@medpipe/core/transcript";
import pg from "pg";
import { median } from "./median.js";
import { ratio } from "./ratio.js";

/** One run of the local figure: the pipeline's and the floor's milliseconds, each in a fresh process. */
export interface LocalRun {
  ms: number;
  floorMs: number;
}

/**
 * The local figure: median milliseconds of the pipeline and of the floor over the runs, their ratio, and the
 * spread of the runs' own ratios (each run's pipeline ÷ the floor run right after it).
 */
export interface LocalTiming {
  ms: number;
  floorMs: number;
  ratio: number;
  spread: { lowest: number; highest: number };
  runs: LocalRun[];
}

/** How many times the timed consult and its floor are run: the machine slows a single run by up to a third. */
export const LOCAL_RUNS = 9;

/**
 * The local figure over several runs: the pipeline's median delivery-and-drain time ÷ the floor's median.
 *
 * @example
 * localTiming([{ ms: 3_600, floorMs: 1_200 }]).ratio; // 3
 */
export function localTiming(runs: LocalRun[]): LocalTiming {
  const ms = median(runs.map((run) => run.ms));
  const floorMs = median(runs.map((run) => run.floorMs));
  const ratios = runs.map((run) => ratio(run.ms, run.floorMs));
  const spread = { lowest: Math.min(...ratios), highest: Math.max(...ratios) };
  return { ms, floorMs, ratio: ratio(ms, floorMs), spread, runs };
}

/** A table's columns and rows, each row's values in column order. */
export interface TableRows {
  columns: string[];
  rows: unknown[][];
}

/**
 * The rows the pipeline wrote that the floor writes again as they are: the meeting, its media pipelines,
 * attendance, recordings, and the run log of the events.
 */
export interface CopiedRows {
  meetings: TableRows;
  media_pipelines: TableRows;
  attendance: TableRows;
  recordings: TableRows;
  pipeline_runs: TableRows;
  /** The transcript row without its text, which the floor takes from its own parse. */
  transcript: Record<string, unknown>;
}

const COPIED = {
  meetings: [
    "id",
    "external_meeting_id",
    "started_at",
    "ended_at",
    "end_reason",
    "capture_pipeline_id",
    "concatenation_pipeline_id",
  ],
  media_pipelines: ["id", "meeting_id", "kind", "status", "status_at"],
  attendance: ["meeting_id", "attendee_id", "external_user_id", "event", "occurred_at"],
  recordings: ["meeting_id", "bucket", "key", "version_id", "kms_key_id", "retain_until"],
  pipeline_runs: [
    "idempotency_key",
    "event_id",
    "workflow",
    "meeting_id",
    "replay_name",
    "execution",
    "step",
    "status",
    "error",
    "cause",
    "attempts",
  ],
  transcripts: [
    "meeting_id",
    "job_name",
    "bucket",
    "key",
    "version_id",
    "entities_bucket",
    "entities_key",
    "entities_version_id",
    "entities_retain_until",
    "comprehend",
    "retain_until",
    "completed_at",
    "idempotency_key",
  ],
} as const;

/** Reads what the floor copies from the database the pipeline wrote to (a superuser connection string). */
export async function pipelineRows(databaseUrl: string, meetingId: string): Promise<CopiedRows> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const read = async (table: keyof typeof COPIED, key: string): Promise<TableRows> => {
      const columns = [...COPIED[table]];
      const result = await client.query({
        text: `select ${columns.join(", ")} from public.${table} where ${key} = $1`,
        values: [meetingId],
        rowMode: "array",
      });
      return { columns, rows: result.rows as unknown[][] };
    };
    const transcripts = await read("transcripts", "meeting_id");
    const transcriptRow = transcripts.rows[0];
    if (!transcriptRow) throw new Error(`the pipeline wrote no transcript for meeting ${meetingId}`);
    return {
      meetings: await read("meetings", "id"),
      media_pipelines: await read("media_pipelines", "meeting_id"),
      attendance: await read("attendance", "meeting_id"),
      recordings: await read("recordings", "meeting_id"),
      pipeline_runs: await read("pipeline_runs", "meeting_id"),
      transcript: Object.fromEntries(transcripts.columns.map((column, i) => [column, transcriptRow[i]])),
    };
  } finally {
    await client.end();
  }
}

/** What the floor starts from: Transcribe's output file, the entities document and the copied rows. */
export interface FloorInput {
  transcribeOutput: Buffer;
  document: EntitiesDocument;
  rows: CopiedRows;
}

/** The floor's input as the consult's process hands it to the floor's: the consult by its length. */
export type FloorFile = Omit<FloorInput, "transcribeOutput"> & { minutes: number };

/**
 * The floor of the local run: milliseconds to parse the transcript and insert the rows the pipeline ends with
 * (meeting, media pipelines, attendance, recording, run log, transcript, turns, entities) straight into a fresh
 * embedded database, through one `pg` connection, in one transaction of multi-row INSERTs. The database is
 * started before the clock starts and stopped after it stops.
 */
export async function floorMs(input: FloorInput, dataDir: string): Promise<number> {
  const supabase = await startEmbeddedSupabase({ dataDir });
  const client = new pg.Client({ connectionString: supabase.databaseUrl });
  try {
    await client.connect();
    const started = performance.now();
    const transcript = parseTranscribeOutput(JSON.parse(input.transcribeOutput.toString("utf8")));
    const transcriptId = randomUUID();
    const meetingId = input.rows.transcript.meeting_id;
    const transcriptRow = { ...input.rows.transcript, id: transcriptId, text: transcript.text };
    await client.query("begin");
    await insertRows(client, "meetings", input.rows.meetings);
    await insertRows(client, "media_pipelines", input.rows.media_pipelines);
    await insertRows(client, "attendance", input.rows.attendance);
    await insertRows(client, "recordings", input.rows.recordings);
    await insertRows(client, "pipeline_runs", input.rows.pipeline_runs);
    await insertRows(client, "transcripts", {
      columns: Object.keys(transcriptRow),
      rows: [Object.values(transcriptRow)],
    });
    await insertRows(client, "transcript_turns", {
      columns: ["transcript_id", "seq", "speaker", "start_time", "end_time", "begin_offset", "end_offset"],
      rows: transcript.turns.map((turn, seq) => [
        transcriptId,
        seq,
        turn.speaker,
        turn.startTime,
        turn.endTime,
        turn.beginOffset,
        turn.endOffset,
      ]),
    });
    await insertRows(client, "medical_entities", {
      columns: [
        "transcript_id",
        "meeting_id",
        "seq",
        "category",
        "type",
        "text",
        "begin_offset",
        "end_offset",
        "score",
        "speaker",
        "start_time",
        "end_time",
        "traits",
        "attributes",
        "icd10cm",
        "rxnorm",
        "snomedct",
        "model_version",
      ],
      rows: input.document.entities.map((entity, seq) => [
        transcriptId,
        meetingId,
        seq,
        entity.category,
        entity.type,
        entity.text,
        entity.beginOffset,
        entity.endOffset,
        entity.score,
        entity.speaker,
        entity.startTime,
        entity.endTime,
        JSON.stringify(entity.traits),
        JSON.stringify(entity.attributes),
        JSON.stringify(entity.concepts.icd10cm),
        JSON.stringify(entity.concepts.rxnorm),
        JSON.stringify(entity.concepts.snomedct),
        entity.modelVersion,
      ]),
    });
    await client.query("commit");
    return performance.now() - started;
  } finally {
    await client.end();
    await supabase.stop();
  }
}

/** PostgreSQL's limit on one statement's parameters. */
const MAX_PARAMETERS = 65_535;

/** Inserts the rows with as few multi-row INSERT statements as the parameter limit allows. */
async function insertRows(client: pg.Client, table: string, { columns, rows }: TableRows): Promise<void> {
  const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
  for (let first = 0; first < rows.length; first += perStatement) {
    const batch = rows.slice(first, first + perStatement);
    const values = batch.map(
      (_, row) => `(${columns.map((_, column) => `$${row * columns.length + column + 1}`).join(", ")})`,
    );
    await client.query(
      `insert into public.${table} (${columns.join(", ")}) values ${values.join(", ")}`,
      batch.flat(),
    );
  }
}
