import { checkMissingEntities } from "@medpipe/core/meeting";
import { useEnvironment } from "./runtime/environment.js";
import { logger, metrics } from "./runtime/observability.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/**
 * Scheduled hourly: counts the recorded consults that ended more than `MEDPIPE_MISSING_ENTITIES_AFTER_HOURS` ago
 * with no entities in Supabase, as the metric the Ops stack alarms on, and logs their meeting ids (ids only).
 */
export const handler = task("check-missing-entities", async () => {
  const afterHours = useEnvironment().config.missingEntities.afterHours;
  const found = await checkMissingEntities({ sink: useSink(), now: new Date(), afterHours, metrics });
  if (found.missing > 0) {
    logger.warn("recorded consults without entities", {
      missing: found.missing,
      meetingIds: found.meetingIds,
      endedBefore: found.endedBefore,
    });
  }
  return { missing: found.missing };
});
