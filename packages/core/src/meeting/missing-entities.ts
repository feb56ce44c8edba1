import type { Sink } from "../sink/sink.js";

/** The metric (namespace medpipe) the Ops stack's "entities missing" alarm watches: a count, never an id. */
export const MISSING_ENTITIES_METRIC = "MeetingsMissingEntities";

/**
 * How far back, past the grace hours, an ended consult is still looked at: Step Functions redrives a failed
 * execution for 14 days, so a consult older than that is past `medpipe redrive` and is left to `medpipe replay`
 * (the archive keeps 90 days) and to the ops who were alerted for those 14 days.
 */
export const MISSING_ENTITIES_LOOKBACK_DAYS = 14;

const HOUR = 3_600_000;

/** Where the check reports its count; a Powertools `Metrics` instance fits. */
export interface MissingEntitiesMetrics {
  addMetric(name: string, unit: "Count", value: number): unknown;
}

/** What the check found: how many recorded consults have no entities yet, and (some of) their meeting ids. */
export interface MissingEntities {
  missing: number;
  meetingIds: string[];
  endedAfter: string;
  endedBefore: string;
}

/**
 * The consults that should have entities by `now` and have none: ended more than `afterHours` ago (and within
 * the lookback), recorded (their concatenation pipeline started), and no transcript with its entities in the sink.
 * The count goes to the metric; the ids are for the log, never the metric. No PHI: ids and counts only.
 *
 * @example
 * const { missing, meetingIds } = await checkMissingEntities({ sink, now: new Date(), afterHours: 6, metrics });
 */
export async function checkMissingEntities(options: {
  sink: Pick<Sink, "findMeetingsMissingEntities">;
  now: Date;
  afterHours: number;
  metrics?: MissingEntitiesMetrics;
}): Promise<MissingEntities> {
  const endedBefore = new Date(options.now.getTime() - options.afterHours * HOUR);
  const endedAfter = new Date(endedBefore.getTime() - MISSING_ENTITIES_LOOKBACK_DAYS * 24 * HOUR);
  const window = { endedAfter: endedAfter.toISOString(), endedBefore: endedBefore.toISOString() };
  const { count, meetingIds } = await options.sink.findMeetingsMissingEntities(window);
  options.metrics?.addMetric(MISSING_ENTITIES_METRIC, "Count", count);
  return { missing: count, meetingIds, ...window };
}
