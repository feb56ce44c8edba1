import type { TaskName } from "@medpipe/core/workflow";
import { logger, metrics } from "./observability.js";

/**
 * Wraps a task's logic as a Lambda handler: logs the task, the meeting id and the time taken (no payloads),
 * publishes metrics, and lets errors through under their own name so the state machine can retry or catch them.
 */
export function task<Input, Output>(name: TaskName, run: (input: Input) => Promise<Output>) {
  return async (input: Input): Promise<Output> => {
    const meetingId = meetingIdOf(input);
    const started = performance.now();
    logger.appendKeys({ task: name, meetingId });
    try {
      const output = await run(input);
      logger.info("task succeeded", { ms: Math.round(performance.now() - started) });
      return output;
    } catch (error) {
      const { name: errorName, message } = error instanceof Error ? error : new Error(String(error));
      logger.error("task failed", {
        error: errorName,
        reason: message,
        ms: Math.round(performance.now() - started),
      });
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.removeKeys(["task", "meetingId"]);
    }
  };
}

function meetingIdOf(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const record = input as Record<string, unknown>;
  if (typeof record.meetingId === "string") return record.meetingId;
  const event = record.event as Record<string, unknown> | undefined;
  if (typeof event?.meetingId === "string") return event.meetingId;
  return undefined;
}
