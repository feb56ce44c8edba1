import { isUuid } from "@medpipe/core/events";
import type { TaskName, WorkflowRun } from "@medpipe/core/workflow";
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

/**
 * The meeting a task's input is about: named outright, in its meeting state, or in its run's event (where only
 * a UUID is taken, so that a broken event's stray value is never logged).
 */
function meetingIdOf(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const { meetingId, meeting, run } = input as {
    meetingId?: unknown;
    meeting?: { meetingId?: unknown };
    run?: WorkflowRun;
  };
  if (typeof meetingId === "string") return meetingId;
  if (typeof meeting?.meetingId === "string") return meeting.meetingId;
  const fromEvent = (run?.event as { detail?: { meetingId?: unknown } } | undefined)?.detail?.meetingId;
  return typeof fromEvent === "string" && isUuid(fromEvent) ? fromEvent : undefined;
}
