import { identifyEvent } from "./identify.js";

/** One line of a meeting's timeline: ids, states and counts, never transcript or entity text. */
export type TimelineEntry =
  | {
      time: string;
      kind: "event";
      eventType: string | null;
      eventId: string | null;
      idempotencyKey: string | null;
      replayName: string | null;
    }
  | {
      time: string;
      kind: "execution";
      workflow: string;
      execution: string;
      status: string;
      failedState: string | null;
      error: string | null;
    }
  | {
      time: string;
      kind: "run";
      workflow: string;
      idempotencyKey: string;
      status: string;
      step: string | null;
      error: string | null;
      attempts: number;
    }
  | { time: string; kind: "result"; table: string; what: string };

export interface TimelineExecution {
  name: string;
  workflow: string;
  status: string;
  startDate: string;
  failedState: string | null;
  error: string | null;
}

/** A `pipeline_runs` row: one workflow's claim on one event. */
export interface TimelineRun {
  idempotencyKey: string;
  workflow: string;
  status: string;
  step: string | null;
  error: string | null;
  attempts: number;
  updatedAt: string;
}

/** What the sink holds for the meeting, reduced to times, ids and counts. */
export interface MeetingResults {
  meeting: {
    startedAt: string | null;
    endedAt: string | null;
    endReason: string | null;
    legalHoldAt: string | null;
  } | null;
  mediaPipelines: { id: string; kind: string; status: string | null; statusAt: string | null }[];
  attendance: { attendeeId: string; event: string; occurredAt: string }[];
  recordings: { key: string; createdAt: string }[];
  transcript: { jobName: string; completedAt: string; turns: number; entities: number } | null;
}

const KIND_ORDER = { event: 0, execution: 1, run: 2, result: 3 } as const;

/**
 * A meeting's timeline: the events delivered for it, the executions they started, the run log's rows and the
 * results in the database, oldest first (at the same time: event, execution, run, result).
 *
 * @example
 * meetingTimeline({ events, executions, runs, results }).map((entry) => entry.kind);
 */
export function meetingTimeline(parts: {
  events: unknown[];
  executions: TimelineExecution[];
  runs: TimelineRun[];
  results: MeetingResults;
}): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...parts.events.map((event): TimelineEntry => {
      const identity = identifyEvent(event);
      return {
        time: identity.time ?? "",
        kind: "event",
        eventType: identity.eventType,
        eventId: identity.eventId,
        idempotencyKey: identity.idempotencyKey,
        replayName: identity.replayName,
      };
    }),
    ...parts.executions.map(
      (e): TimelineEntry => ({
        time: e.startDate,
        kind: "execution",
        workflow: e.workflow,
        execution: e.name,
        status: e.status,
        failedState: e.failedState,
        error: e.error,
      }),
    ),
    ...parts.runs.map(
      (r): TimelineEntry => ({
        time: r.updatedAt,
        kind: "run",
        workflow: r.workflow,
        idempotencyKey: r.idempotencyKey,
        status: r.status,
        step: r.step,
        error: r.error,
        attempts: r.attempts,
      }),
    ),
    ...resultEntries(parts.results),
  ];
  return entries
    .filter((entry) => !Number.isNaN(Date.parse(entry.time)))
    .map((entry) => ({ ...entry, time: new Date(entry.time).toISOString() }))
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

function resultEntries(results: MeetingResults): TimelineEntry[] {
  const result = (table: string, time: string | null, what: string): TimelineEntry[] =>
    time === null ? [] : [{ time, kind: "result", table, what }];
  const { meeting, transcript } = results;
  return [
    ...result("meetings", meeting?.startedAt ?? null, "meeting started"),
    ...result("meetings", meeting?.endedAt ?? null, `meeting ${meeting?.endReason ?? "ended"}`),
    ...result("meetings", meeting?.legalHoldAt ?? null, "legal hold placed"),
    ...results.mediaPipelines.flatMap((p) =>
      result("media_pipelines", p.statusAt, `${p.kind} pipeline ${p.id} ${p.status ?? "recorded"}`),
    ),
    ...results.attendance.flatMap((a) =>
      result("attendance", a.occurredAt, `attendee ${a.attendeeId} ${a.event}`),
    ),
    ...results.recordings.flatMap((r) => result("recordings", r.createdAt, `recording ${r.key}`)),
    ...result(
      "transcripts",
      transcript?.completedAt ?? null,
      `transcript of job ${transcript?.jobName}: ${transcript?.turns} turns, ${transcript?.entities} entities`,
    ),
  ];
}
