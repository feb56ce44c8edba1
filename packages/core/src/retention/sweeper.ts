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
  heldMeetingsKept: "HeldMeetingsKept",
};

/**
 * Deletes the database rows of every meeting past its retention at `now` and not under legal hold, and reports
 * how many rows of each kind went, as metrics too when given. Counts only, nothing about the meetings.
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
