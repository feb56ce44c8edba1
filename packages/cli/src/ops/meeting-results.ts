import type { MeetingResults, TimelineRun } from "@medpipe/core/replay";
import { SinkError, type sinkClient, tables } from "@medpipe/core/sink";

/** A run-log row with the execution that claimed it, so that the AWS backend can describe the execution. */
export type MeetingRun = TimelineRun & { execution: string };

interface Answer<T> {
  data: T | null;
  error: { code: string } | null;
  status: number;
}

/**
 * What the clinic's Supabase holds for a meeting, reduced to times, ids and counts: the run log's rows and the
 * results (meeting, media pipelines, attendance, recordings, the transcript's turn and entity counts). Selects
 * no text column.
 *
 * @example
 * const { runs, results } = await readMeeting(sinkClient({ url, serviceRoleKey }), meetingId);
 */
export async function readMeeting(
  client: ReturnType<typeof sinkClient>,
  meetingId: string,
): Promise<{ runs: MeetingRun[]; results: MeetingResults }> {
  const read = <T>(table: string, answer: Answer<T>): T => {
    if (answer.error) throw new SinkError(table, meetingId, answer.error.code || null, answer.status);
    return answer.data as T;
  };
  const [meeting, mediaPipelines, attendance, recordings, transcript, runs] = await Promise.all([
    client
      .from(tables.meetings)
      .select("startedAt:started_at,endedAt:ended_at,endReason:end_reason,legalHoldAt:legal_hold_at")
      .eq("id", meetingId)
      .maybeSingle(),
    client
      .from(tables.mediaPipelines)
      .select("id,kind,status,statusAt:status_at")
      .eq("meeting_id", meetingId),
    client
      .from(tables.attendance)
      .select("attendeeId:attendee_id,event,occurredAt:occurred_at")
      .eq("meeting_id", meetingId),
    client.from(tables.recordings).select("key,createdAt:created_at").eq("meeting_id", meetingId),
    client
      .from(tables.transcripts)
      .select("id,jobName:job_name,completedAt:completed_at")
      .eq("meeting_id", meetingId)
      .maybeSingle(),
    client
      .from(tables.pipelineRuns)
      .select(
        "idempotencyKey:idempotency_key,workflow,execution,status,step,error,attempts,updatedAt:updated_at",
      )
      .eq("meeting_id", meetingId),
  ]);
  const current = read(
    tables.transcripts,
    transcript as Answer<{ id: string; jobName: string; completedAt: string }>,
  );
  let transcriptResult: MeetingResults["transcript"] = null;
  if (current) {
    const [turns, entities] = await Promise.all([
      client
        .from(tables.transcriptTurns)
        .select("seq", { count: "exact", head: true })
        .eq("transcript_id", current.id),
      client
        .from(tables.medicalEntities)
        .select("seq", { count: "exact", head: true })
        .eq("transcript_id", current.id),
    ]);
    transcriptResult = {
      jobName: current.jobName,
      completedAt: current.completedAt,
      turns: read(tables.transcriptTurns, { ...turns, data: turns.count }) ?? 0,
      entities: read(tables.medicalEntities, { ...entities, data: entities.count }) ?? 0,
    };
  }
  return {
    runs: read(tables.pipelineRuns, runs as Answer<MeetingRun[]>) ?? [],
    results: {
      meeting: read(tables.meetings, meeting as Answer<MeetingResults["meeting"]>),
      mediaPipelines:
        read(tables.mediaPipelines, mediaPipelines as Answer<MeetingResults["mediaPipelines"]>) ?? [],
      attendance: read(tables.attendance, attendance as Answer<MeetingResults["attendance"]>) ?? [],
      recordings: read(tables.recordings, recordings as Answer<MeetingResults["recordings"]>) ?? [],
      transcript: transcriptResult,
    },
  };
}
