import pg from "pg";

/** How many consults to seed, and how many medical entities each transcript has. */
export interface ConsultVolume {
  meetings: number;
  entitiesPerMeeting: number;
}

/**
 * Fills an empty database (a superuser connection string) with `meetings` consults as the pipeline leaves
 * them: each started, attended by its own patient (`patient-<n>`, n from 1) and by one of fifty clinicians, with
 * a recording, a transcript of two turns and `entitiesPerMeeting` entities; then analyzes the tables, so that
 * the planner knows their sizes. One transaction of set-based inserts, through no RPC.
 */
export async function seedConsults(databaseUrl: string, volume: ConsultVolume): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query("begin");
    await client.query(
      `insert into public.meetings (id, external_meeting_id, started_at, ended_at, end_reason)
       select md5('meeting-' || n)::uuid, 'appt-' || n, timestamptz '2026-01-01' + n * interval '1 hour',
              timestamptz '2026-01-01' + n * interval '1 hour' + interval '30 minutes', 'ended'
       from generate_series(1, $1) n`,
      [volume.meetings],
    );
    await client.query(
      `insert into public.attendance (meeting_id, attendee_id, external_user_id, event, occurred_at)
       select md5('meeting-' || n)::uuid, 'attendee-' || who, external_user, 'joined',
              timestamptz '2026-01-01' + n * interval '1 hour'
       from generate_series(1, $1) n,
            lateral (values (1, 'patient-' || n), (2, 'clinician-' || n % 50)) as a (who, external_user)`,
      [volume.meetings],
    );
    await client.query(
      `insert into public.recordings (meeting_id, bucket, key, version_id, kms_key_id, retain_until)
       select md5('meeting-' || n)::uuid, 'recordings', 'concatenated/' || n || '/audio.mp4', 'v1', 'key',
              timestamptz '2033-01-01'
       from generate_series(1, $1) n`,
      [volume.meetings],
    );
    await client.query(
      `insert into public.transcripts (id, meeting_id, job_name, bucket, key, retain_until, entities_bucket,
         entities_key, entities_retain_until, comprehend, text, completed_at, idempotency_key)
       select md5('transcript-' || n)::uuid, md5('meeting-' || n)::uuid, 'job-' || n, 'transcripts',
              'medical/' || n || '.json', timestamptz '2033-01-01', 'medical-data', 'entities/' || n || '.json',
              timestamptz '2033-01-01', '{}', repeat('A headache since Monday. ', 40),
              timestamptz '2026-01-01' + n * interval '1 hour', 'job-' || n
       from generate_series(1, $1) n`,
      [volume.meetings],
    );
    await client.query(
      `insert into public.transcript_turns (transcript_id, seq, speaker, start_time, end_time, begin_offset,
         end_offset)
       select md5('transcript-' || n)::uuid, seq, 'spk_' || seq, seq * 10, seq * 10 + 9, seq * 500,
              seq * 500 + 500
       from generate_series(1, $1) n, generate_series(0, 1) seq`,
      [volume.meetings],
    );
    await client.query(
      `insert into public.medical_entities (transcript_id, meeting_id, seq, category, type, text, begin_offset,
         end_offset, score, speaker, start_time, end_time, model_version)
       select md5('transcript-' || n)::uuid, md5('meeting-' || n)::uuid, seq, 'MEDICAL_CONDITION', 'DX_NAME',
              'headache', seq * 25 + 2, seq * 25 + 10, 0.9, 'spk_1', 10, 19, '2.4.0'
       from generate_series(1, $1) n, generate_series(0, $2 - 1) seq`,
      [volume.meetings, volume.entitiesPerMeeting],
    );
    await client.query("commit");
    await client.query("analyze");
  });
}

/** A scan in a query plan: its node kind (`Seq Scan`, `Index Scan`, `Bitmap Heap Scan`...) and its table. */
export interface PlanScan {
  node: string;
  relation: string;
}

/** What one query read as a signed-in user: its rows, the scans of its plan, and its execution time. */
export interface UserQueryPlan {
  rows: number;
  scans: PlanScan[];
  ms: number;
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  Plans?: PlanNode[];
}

/** Who runs a query: a signed-in user (by their JWT `sub`), or the pipeline's service role. */
export type QueryRole = { role: "authenticated"; sub: string } | { role: "service_role" };

/**
 * Runs `query` as `who` would through PostgREST (the role, and a user's claims in `request.jwt.claims`), under
 * EXPLAIN ANALYZE, in a transaction rolled back after, so that row level security applies as in production.
 * `prepare` runs first in that transaction, as the superuser (to try another policy, say).
 *
 * @example
 * const { scans, ms } = await explainAs(url, { role: "authenticated", sub: "patient-7" }, "select * from x");
 */
export async function explainAs(
  databaseUrl: string,
  who: QueryRole,
  query: string,
  prepare: string[] = [],
): Promise<UserQueryPlan> {
  return withClient(databaseUrl, async (client) => {
    await client.query("begin");
    try {
      for (const statement of prepare) await client.query(statement);
      await client.query(`set local role ${who.role}`);
      if (who.role === "authenticated") {
        await client.query("select set_config('request.jwt.claims', $1, true)", [
          JSON.stringify({ sub: who.sub, role: who.role }),
        ]);
      }
      const { rows } = await client.query(`explain (analyze, format json) ${query}`);
      const [explained] = (rows[0] as { "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] })[
        "QUERY PLAN"
      ];
      return {
        rows: explained.Plan["Actual Rows"] ?? 0,
        scans: scansOf(explained.Plan),
        ms: explained["Execution Time"],
      };
    } finally {
      await client.query("rollback");
    }
  });
}

function scansOf(node: PlanNode): PlanScan[] {
  const own = node["Relation Name"] ? [{ node: node["Node Type"], relation: node["Relation Name"] }] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
