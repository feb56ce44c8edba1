import { tables } from "@medpipe/core/sink";
import {
  type ConsultVolume,
  explainAs,
  seedConsults,
  startTestSupabase,
  type UserQueryPlan,
} from "@medpipe/core/sink/embedded";
import { median } from "./median.js";
import { ratio } from "./ratio.js";

/** The volume of the figure: 5,000 consults and 100,000 medical entities. */
export const RLS_VOLUME: ConsultVolume = { meetings: 5_000, entitiesPerMeeting: 20 };

/** How many times each policy's query is run: the figure is the median execution time. */
export const RLS_RUNS = 21;

/** One policy's reading of a patient's entities: the scan of medical_entities in its plan and its median time. */
export interface PolicyTiming {
  scan: string;
  ms: number;
}

/**
 * The row level security figure: a signed-in patient's `select *` of medical_entities among `meetings` consults
 * and `entities` entities, under the policy as it was (`before`: a subquery per row, the function's default row
 * estimate) and as migrated (`after`); `ratio` is before's time ÷ after's.
 */
export interface RlsFigure {
  meetings: number;
  entities: number;
  rows: number;
  before: PolicyTiming;
  after: PolicyTiming;
  ratio: number;
}

/** The policy as the first migrations had it, put back inside the measuring transaction (rolled back). */
export const POLICY_BEFORE = [
  "alter function private.attended_meeting_ids() rows 1000",
  `drop policy "attendees read their meetings' medical entities" on public.${tables.medicalEntities}`,
  `create policy "attendees read their meetings' medical entities" on public.${tables.medicalEntities}
     for select to authenticated using (meeting_id in (select private.attended_meeting_ids()))`,
];

/**
 * The figure from the runs of each policy: the scan of the first run and the median execution time.
 *
 * @example
 * rlsFigure(RLS_VOLUME, before, after).ratio; // 5.1: the policy as migrated reads the rows five times faster
 */
export function rlsFigure(volume: ConsultVolume, before: UserQueryPlan[], after: UserQueryPlan[]): RlsFigure {
  const timing = (runs: UserQueryPlan[]): PolicyTiming => ({
    scan: runs[0]?.scans.find((scan) => scan.relation === tables.medicalEntities)?.node ?? "none",
    ms: median(runs.map((run) => run.ms)),
  });
  const [was, is] = [timing(before), timing(after)];
  return {
    meetings: volume.meetings,
    entities: volume.meetings * volume.entitiesPerMeeting,
    rows: after[0]?.rows ?? 0,
    before: was,
    after: is,
    ratio: ratio(was.ms, is.ms),
  };
}

/**
 * Measures the figure on the embedded PGlite, or on the PostgreSQL server MEDPIPE_TEST_DATABASE_URL names (a
 * scratch database there): seeds the consults, then runs a patient's read under each policy, alternately.
 */
export async function measureRls(volume: ConsultVolume = RLS_VOLUME): Promise<RlsFigure> {
  const supabase = await startTestSupabase();
  try {
    await seedConsults(supabase.databaseUrl, volume);
    const patient = { role: "authenticated", sub: "patient-7" } as const;
    const query = `select * from public.${tables.medicalEntities}`;
    const before: UserQueryPlan[] = [];
    const after: UserQueryPlan[] = [];
    for (let run = 0; run < RLS_RUNS; run++) {
      before.push(await explainAs(supabase.databaseUrl, patient, query, POLICY_BEFORE));
      after.push(await explainAs(supabase.databaseUrl, patient, query));
    }
    return rlsFigure(volume, before, after);
  } finally {
    await supabase.stop();
  }
}
