import { identifyEvent } from "./identify.js";

/**
 * The events a replay or redrive has dealt with: every execution it ran for the event succeeded. Their dead
 * letters can go, as nothing about them is left to do.
 *
 * @example
 * const done = resolvedEvents(replayExecutions); letters.filter((l) => !done.has(identifyEvent(l.event).eventId ?? ""));
 */
export function resolvedEvents(executions: { input: unknown; status: string }[]): Set<string> {
  const succeeded = new Map<string, boolean>();
  for (const execution of executions) {
    const id = identifyEvent(execution.input).eventId;
    if (id === null) continue;
    succeeded.set(id, (succeeded.get(id) ?? true) && execution.status === "SUCCEEDED");
  }
  return new Set([...succeeded].filter(([, ok]) => ok).map(([id]) => id));
}
