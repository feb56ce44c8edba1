export { staleBefore, staleMeetings } from "./lifecycle.js";
export {
  checkMissingEntities,
  MISSING_ENTITIES_LOOKBACK_DAYS,
  MISSING_ENTITIES_METRIC,
  type MissingEntities,
  type MissingEntitiesMetrics,
} from "./missing-entities.js";
export { meetingTimedOutEntry } from "./timeout.js";
