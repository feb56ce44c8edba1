import * as z from "zod";
import type { SinkClient } from "../sink/sink-client.js";
import { SinkError } from "../sink/sink-error.js";
import { type ConsultRpcName, consultRpcs } from "../sink/tables.js";
import { type Consult, consultDocument } from "./consult.js";
import type { ConsultSchedule } from "./schedule.js";
import { type ConsultStatus, consultStatus } from "./status.js";

const timestamp = z.string().transform((value) => new Date(value).toISOString());
const recordingConsent = z.object({ consultId: z.string().nullable(), consentedAt: timestamp.nullable() });

/** A meeting's consult and its recording consent, for the workflow's consent gate. */
export type RecordingConsent = z.output<typeof recordingConsent>;

/** The consults in the clinic's Supabase, through the consult RPCs (supabase/migrations). Every write is idempotent. */
export interface ConsultStore {
  /** Creates the consult, or applies the changes to the one of that id. */
  scheduleConsult(schedule: ConsultSchedule): Promise<Consult>;
  findConsult(consultId: string): Promise<Consult | null>;
  /** Records the patient's consent; a consent already given keeps its time. */
  recordRecordingConsent(consultId: string, patientId: string): Promise<Consult>;
  /** Records the meeting created for a generation (ending earlier ones); a generation keeps its first meeting. */
  attachConsultMeeting(consultId: string, generation: number, meetingId: string): Promise<Consult>;
  endConsultMeeting(consultId: string, meetingId: string): Promise<Consult>;
  /** `consultId` null: the meeting belongs to no consult; `consentedAt` null: no consent. */
  findRecordingConsent(externalMeetingId: string | null): Promise<RecordingConsent>;
  /** The app's view of the consult; null when there is none (or, with a user's token, not theirs). */
  findConsultStatus(consultId: string): Promise<ConsultStatus | null>;
}

/**
 * The {@link ConsultStore} over Supabase: the API and the CLI call it with the service-role client
 * ({@link sinkClient}); `findConsultStatus` also works with a participant's own token, under row level security.
 * Failures are {@link SinkError}s naming the RPC and PostgreSQL's code.
 *
 * @example
 * const store = createConsultStore(sinkClient({ url, serviceRoleKey }));
 * const consent = await store.findRecordingConsent(event.externalMeetingId);
 */
export function createConsultStore(client: SinkClient): ConsultStore {
  async function call<Output>(
    rpc: ConsultRpcName,
    schema: z.ZodType<Output>,
    payload: object,
  ): Promise<Output> {
    const answer = await client.rpc(rpc, { payload });
    if (answer.error) throw new SinkError(rpc, null, answer.error.code || null, answer.status);
    return schema.parse(answer.data);
  }
  const consult = consultDocument as z.ZodType<Consult>;

  return {
    scheduleConsult: (schedule) => call(consultRpcs.scheduleConsult, consult, schedule),
    findConsult: (consultId) => call(consultRpcs.findConsult, consult.nullable(), { consultId }),
    recordRecordingConsent: (consultId, userId) =>
      call(consultRpcs.recordRecordingConsent, consult, { consultId, userId }),
    attachConsultMeeting: (consultId, generation, meetingId) =>
      call(consultRpcs.attachConsultMeeting, consult, { consultId, generation, meetingId }),
    endConsultMeeting: (consultId, meetingId) =>
      call(consultRpcs.endConsultMeeting, consult, { consultId, meetingId }),
    findRecordingConsent: (externalMeetingId) =>
      call(consultRpcs.recordingConsent, recordingConsent, { externalMeetingId }),
    findConsultStatus: (consultId) =>
      call(consultRpcs.consultStatus, (consultStatus as z.ZodType<ConsultStatus>).nullable(), { consultId }),
  };
}
