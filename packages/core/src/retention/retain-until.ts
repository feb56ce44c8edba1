import { RETENTION_DAYS, RETENTION_YEARS } from "./period.js";

/**
 * The retain-until date of an object written at `createdAt`, as a bucket's default Object Lock retention of
 * {@link RETENTION_DAYS} days gives it: the date to lock an object the pipeline writes itself with, so that every
 * object of a consult is kept by the same rule.
 *
 * @example
 * lockedUntil(new Date("2026-03-02T09:00:00Z")); // 2033-03-02T09:00:00.000Z
 */
export function lockedUntil(createdAt: Date): Date {
  return new Date(createdAt.getTime() + RETENTION_DAYS * 86_400_000);
}

/**
 * `date` moved by whole calendar years in UTC. A 29 February lands on 28 February in a common year, the
 * usual legal reading of "n years" and PostgreSQL's.
 */
function addYears(date: Date, years: number): Date {
  const moved = new Date(date);
  moved.setUTCFullYear(date.getUTCFullYear() + years);
  if (moved.getUTCDate() !== date.getUTCDate()) moved.setUTCDate(0);
  return moved;
}

/**
 * The retain-until date of everything recorded about a meeting: its start plus the retention period in
 * calendar years, as an ISO timestamp for S3 Object Lock and the database.
 *
 * @example
 * retainUntil("2026-03-10T09:30:00Z"); // "2033-03-10T09:30:00.000Z"
 */
export function retainUntil(meetingStartedAt: Date | string): string {
  return addYears(new Date(meetingStartedAt), RETENTION_YEARS).toISOString();
}

/** Whether a meeting started at `startedAt` is past its retention at `now` (its retain-until date has come). */
export function isExpired(startedAt: Date | string, now: Date): boolean {
  return new Date(retainUntil(startedAt)).getTime() <= now.getTime();
}

/**
 * The latest meeting start that is past retention at `now`: meetings started at or before it may be deleted.
 * Around 29 February it can be up to a day earlier than {@link isExpired} allows, never later.
 *
 * @example
 * retentionCutoff(new Date("2033-03-10T09:30:00Z")); // "2026-03-10T09:30:00.000Z"
 */
export function retentionCutoff(now: Date): string {
  return addYears(now, -RETENTION_YEARS).toISOString();
}
