import { Logger } from "@aws-lambda-powertools/logger";

/** Structured logs of ids, counts and timings only: never transcript or entity text, never names. */
export const logger = new Logger({ serviceName: "medpipe" });
