import { createHash } from "node:crypto";

/** Step Functions execution names: at most 80 characters, and this project keeps them to `[A-Za-z0-9_-]`. */
export const EXECUTION_NAME_MAX_LENGTH = 80;
const EXECUTION_NAME_SAFE = /^[A-Za-z0-9_-]+$/;

/**
 * The key every workflow deduplicates on, also usable as its Step Functions execution name.
 *
 * - An original event's key is its EventBridge `id`. EventBridge delivers at least once and rule targets
 *   retry, so the same event may arrive twice with the same `id`: it gets the same key, and the second
 *   delivery is recognised as a duplicate and does not run the workflow again.
 * - A replayed event (top-level `replay-name`) keeps its original `id`, but a replay is an operator asking
 *   for the work to be done again (after a fix, or to rebuild results), so it must not be swallowed as a
 *   duplicate of the original: its key is `<id>_<replayName>`, a new key per replay. Duplicate deliveries
 *   within one replay still share that key.
 * - Re-running never duplicates results: every writer (the sink, the stored objects) is idempotent, so a
 *   replay rewrites the same rows and objects rather than adding new ones.
 *
 * `~` would read better as the separator but is not allowed in an execution name, hence `_`. When the replay
 * name has a character outside `[A-Za-z0-9_-]` (replay names may contain `.`) or the key would exceed 80
 * characters, the key is `<id>-<hash>` instead, with a 12-hex-digit SHA-256 of the replay name: stable, and
 * never equal to a readable key because the character after the 36-character id differs (`-`, not `_`).
 *
 * @param id the event's EventBridge id (a UUID, as {@link parseEvent} checks)
 * @example
 * idempotencyKey("6a7e8feb-b491-4cf7-a9f1-bf3703467718", "reprocess-2024"); // "6a7e...7718_reprocess-2024"
 */
export function idempotencyKey(id: string, replayName: string | null): string {
  if (replayName === null) return id;
  const readable = `${id}_${replayName}`;
  if (EXECUTION_NAME_SAFE.test(replayName) && readable.length <= EXECUTION_NAME_MAX_LENGTH) return readable;
  return `${id}-${createHash("sha256").update(replayName, "utf8").digest("hex").slice(0, 12)}`;
}
