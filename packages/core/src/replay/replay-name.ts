import { InvalidOptionError } from "./errors.js";

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

/** EventBridge replay names: 1 to 64 of `[.\-_A-Za-z0-9]` (StartReplay, ReplayName). */
const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/**
 * The name of a deployed stage's replay started at `now`: `<stage>-medpipe-<yyyymmddThhmmss>`, so that replays
 * of two stages in one account never collide and the operator role can be scoped to the stage's replays.
 * A stage name that would make it no valid replay name is refused, naming `--stage`.
 *
 * @example
 * stageReplayName("prod", new Date("2026-04-12T09:30:05Z")); // "prod-medpipe-20260412T093005"
 */
export function stageReplayName(stage: string, now: Date): string {
  const name = `${stage}-${replayNameAt(now)}`;
  if (!REPLAY_NAME.test(name)) {
    throw new InvalidOptionError(
      "--stage",
      "must be at most 40 letters, digits, '.', '-' or '_' to name an EventBridge replay",
    );
  }
  return name;
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
