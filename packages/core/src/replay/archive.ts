import { matches } from "../events/match.js";
import { archivePattern, type RuleOptions } from "../events/rules.js";
import { identifyEvent } from "./identify.js";
import { inWindow, type TimeWindow } from "./window.js";

/** One line of a local run's `archive.jsonl`: an event as it was put on the bus. */
export interface ArchivedEvent {
  archivedAt: string;
  event: unknown;
}

/**
 * The events a replay of `window` re-delivers, as EventBridge selects them from the pipeline's archive: events
 * the archive pattern keeps (those some rule consumes), by their own `time` in `[from, to)`, each original event
 * once (deliveries by earlier replays and duplicate deliveries are the same event); with `meetingId`, only that
 * meeting's events. In archive order.
 *
 * @example
 * selectForReplay(archived, { window, meetingId: null, recordingsBucket: "recordings" }).length;
 */
export function selectForReplay(
  archived: ArchivedEvent[],
  options: RuleOptions & { window: TimeWindow; meetingId: string | null },
): unknown[] {
  const pattern = archivePattern(options);
  const seen = new Set<string>();
  const selected: unknown[] = [];
  for (const { event } of archived) {
    const identity = identifyEvent(event);
    if (identity.replayName !== null || identity.eventId === null || identity.time === null) continue;
    if (seen.has(identity.eventId) || !matches(pattern, event) || !inWindow(identity.time, options.window)) {
      continue;
    }
    if (options.meetingId !== null && identity.meetingId?.toLowerCase() !== options.meetingId.toLowerCase()) {
      continue;
    }
    seen.add(identity.eventId);
    selected.push(event);
  }
  return selected;
}
