import { Metrics } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";

export { logger } from "./logger.js";
export const metrics = new Metrics({ namespace: "medpipe", serviceName: "medpipe" });
export const tracer = new Tracer({ serviceName: "medpipe" });

/** The metric the Ops stack's "Comprehend throttling sustained" alarm watches (namespace medpipe). */
export const COMPREHEND_THROTTLES_METRIC = "ComprehendThrottles";
