import { isUuid } from "@medpipe/core/events";
import { NOT_YET_ERRORS, type TaskName, type WorkflowRun, withoutContent } from "@medpipe/core/workflow";
import { logger, metrics } from "./observability.js";

/**
 * Wraps a task's logic as a Lambda handler: logs the task, the meeting id and the time taken (no payloads),
 * publishes metrics, and lets errors through under their own name so the state machine can retry them, but
 * without content: an error that may quote the data (a JSON SyntaxError, an AWS validation message) is reduced
 * to its name before it is logged here, logged by the Lambda runtime, or returned to Step Functions.
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
    } catch (thrown) {
      const error = withoutContent(thrown);
      const details = {
        error: error.name,
        reason: error.message,
        ms: Math.round(performance.now() - started),
      };
      // What the task waits for is not there yet (its state retries it): no failure to alarm anyone with.
      if ((NOT_YET_ERRORS as Partial<Record<string, readonly string[]>>)[name]?.includes(error.name)) {
        logger.info("task not ready, retried", details);
      } else {
        logger.error("task failed", details);
      }
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
