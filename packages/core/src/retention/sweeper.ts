import type { Sink, SweepReport } from "../sink/sink.js";

/** Where the sweeper reports its counts; a Powertools `Metrics` instance fits. */
export interface SweepMetrics {
  addMetric(name: string, unit: "Count", value: number): unknown;
}

const metricNames: { [field in keyof SweepReport]: string } = {
  meetings: "SweptMeetings",
  mediaPipelines: "SweptMediaPipelines",
  attendance: "SweptAttendance",
  recordings: "SweptRecordings",
  transcripts: "SweptTranscripts",
  turns: "SweptTranscriptTurns",
  entities: "SweptMedicalEntities",
  runs: "SweptPipelineRuns",
  runsWithoutMeeting: "SweptRunsWithoutMeeting",
  heldMeetingsKept: "HeldMeetingsKept",
  meetingsKeptForObjects: "MeetingsKeptForObjects",
  chatMessages: "SweptChatMessages",
};

/**
 * Deletes the database rows of every meeting past its retention at `now` (its own period over, and every object
 * it holds past the retain-until date S3 enforces) and not under legal hold, and the run log's rows of no meeting
 * past the period; reports how many rows of each kind went and how many old meetings were kept, as metrics too
 * when given. Counts only, nothing about the meetings.
 *
 * @example
 * const report = await sweepRetention({ sink, now: new Date(), metrics });
 */
export async function sweepRetention(options: {
  sink: Sink;
  now: Date;
  metrics?: SweepMetrics;
}): Promise<SweepReport> {
  const report = await options.sink.sweepExpired(options.now);
  for (const field of Object.keys(metricNames) as Array<keyof SweepReport>) {
    options.metrics?.addMetric(metricNames[field], "Count", report[field]);
  }
  return report;
}
