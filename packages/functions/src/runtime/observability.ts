import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";

/** Structured logs of ids, counts and timings only: never transcript or entity text, never names. */
export const logger = new Logger({ serviceName: "medpipe" });
export const metrics = new Metrics({ namespace: "medpipe", serviceName: "medpipe" });
export const tracer = new Tracer({ serviceName: "medpipe" });

/** The metric the Ops stack's "Comprehend throttling sustained" alarm watches (namespace medpipe). */
export const COMPREHEND_THROTTLES_METRIC = "ComprehendThrottles";
