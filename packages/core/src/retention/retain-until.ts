import { RETENTION_DAYS } from "./period.js";

const DAY_MS = 86_400_000;

/**
 * The end of the retention period of something dated `date` (a meeting, or an object S3 created): the date plus
 * {@link RETENTION_DAYS} days, as an ISO timestamp for S3 Object Lock and the database.
 *
 * @example
 * retainUntil("2026-03-10T09:30:00Z"); // "2033-03-10T09:30:00.000Z"
 */
export function retainUntil(date: Date | string): string {
  return new Date(new Date(date).getTime() + RETENTION_DAYS * DAY_MS).toISOString();
}

/**
 * The latest date past its retention period at `now`: a meeting dated at or before it may be swept once nothing
 * it holds is still locked in S3. The inverse of {@link retainUntil}.
 *
 * @example
 * retentionCutoff(new Date("2033-03-10T09:30:00Z")); // "2026-03-10T09:30:00.000Z"
 */
export function retentionCutoff(now: Date): string {
  return new Date(now.getTime() - RETENTION_DAYS * DAY_MS).toISOString();
}
