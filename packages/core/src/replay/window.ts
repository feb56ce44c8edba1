import { InvalidOptionError } from "./errors.js";

/** A time window `[from, to)`: what an EventBridge replay covers, by the events' own `time`. */
export interface TimeWindow {
  from: Date;
  to: Date;
}

const DURATION = /^(\d+)([mhd])$/;
const UNIT_MILLIS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** An ISO-8601 date-time with a zone (`Z` or `±hh:mm`), or a bare date read as UTC midnight. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A duration option in minutes, hours or days (`90m`, `24h`, `7d`), in milliseconds: how long to wait, or how far
 * back `--since` looks.
 *
 * @example
 * parseDuration("--max-wait", "30m"); // 1800000
 */
export function parseDuration(option: string, text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new InvalidOptionError(option, "must be a duration such as 90m, 24h or 7d");
  const amount = Number(match[1]);
  if (amount === 0) throw new InvalidOptionError(option, "must be longer than zero");
  return amount * UNIT_MILLIS[match[2] as keyof typeof UNIT_MILLIS];
}

/**
 * The window `--from` and `--to` name, as ISO-8601 times with a zone (or dates, read as UTC midnight);
 * `--from` must come before `--to`.
 *
 * @example
 * parseWindow({ from: "2026-04-12T09:00:00Z", to: "2026-04-12T10:00:00Z" });
 */
export function parseWindow(window: { from: string; to: string }): TimeWindow {
  const from = parseTime("--from", window.from);
  const to = parseTime("--to", window.to);
  if (from.getTime() >= to.getTime()) throw new InvalidOptionError("--to", "must be later than --from");
  return { from, to };
}

/**
 * Whether an ISO-8601 time falls in the window (`from` included, `to` excluded, as EventBridge replays).
 *
 * @example
 * inWindow("2026-04-12T09:30:00Z", window); // true
 */
export function inWindow(time: string, window: TimeWindow): boolean {
  const at = Date.parse(time);
  return !Number.isNaN(at) && at >= window.from.getTime() && at < window.to.getTime();
}

function parseTime(option: string, text: string): Date {
  const trimmed = text.trim();
  const at = ISO_TIME.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new InvalidOptionError(option, "must be an ISO-8601 time with a zone, e.g. 2026-04-12T09:00:00Z");
  }
  return new Date(at);
}
