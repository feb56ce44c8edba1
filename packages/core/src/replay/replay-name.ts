/**
 * The name of a replay started at `now`: `medpipe-<yyyymmddThhmmss>` in UTC. 23 characters of `[A-Za-z0-9-]`, so
 * both a valid EventBridge replay name (at most 64 of `[.\-_A-Za-z0-9]`) and short enough that `<event id>_<name>`
 * stays a readable idempotency key and Step Functions execution name (at most 80).
 *
 * @example
 * replayNameAt(new Date("2026-04-12T09:30:05Z")); // "medpipe-20260412T093005"
 */
export function replayNameAt(now: Date): string {
  const compact = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "")
    .replace(/[-:]/g, "");
  return `medpipe-${compact}`;
}

/**
 * The event as a replay delivers it: the original with a top-level `replay-name` (replacing an earlier one), so
 * that the pipeline gives it a new idempotency key and runs it again.
 *
 * @example
 * asReplayed(event, "medpipe-20260412T093005")["replay-name"]; // "medpipe-20260412T093005"
 */
export function asReplayed(event: unknown, replayName: string): Record<string, unknown> {
  return { ...(event as Record<string, unknown>), "replay-name": replayName };
}

/**
 * The event as it was first delivered: without the `replay-name` of an earlier replay.
 *
 * @example
 * original(asReplayed(event, "r1")); // deep-equals event
 */
export function original(event: unknown): Record<string, unknown> {
  const { "replay-name": _replayName, ...rest } = event as Record<string, unknown>;
  return rest;
}
