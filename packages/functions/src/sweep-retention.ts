import { sweepRetention } from "@medpipe/core/retention";
import { metrics } from "./runtime/observability.js";
import { useSink } from "./runtime/sink.js";
import { task } from "./runtime/task.js";

/** Scheduled daily: deletes database rows of meetings past the retention period, except those on legal hold. */
export const handler = task("sweep-retention", async () =>
  sweepRetention({ sink: useSink(), now: new Date(), metrics }),
);
