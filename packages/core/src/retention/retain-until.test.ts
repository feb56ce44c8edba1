import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RETENTION_DAYS } from "./period.js";
import { retainUntil, retentionCutoff } from "./retain-until.js";

const day = 24 * 60 * 60 * 1000;
/** Spans of seven years that hold two, one and (skipping 2100) no 29 February. */
const instant = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2400-01-01T00:00:00Z"),
  noInvalidDate: true,
});

/** `date` seven calendar years on, a 29 February landing on 1 March: the longest reading of "seven years". */
function sevenCalendarYearsAfter(date: Date): number {
  const moved = new Date(date);
  moved.setUTCFullYear(date.getUTCFullYear() + 7);
  return moved.getTime();
}

describe("retain-until date", () => {
  it("is the date plus RETENTION_DAYS days, as S3 Object Lock's default retention counts it", () => {
    expect(RETENTION_DAYS).toBe(2557);
    expect(retainUntil("2026-03-10T09:30:00Z")).toBe("2033-03-10T09:30:00.000Z");
    expect(retainUntil(new Date("2028-02-29T10:00:00Z"))).toBe("2035-03-01T10:00:00.000Z");
    expect(retainUntil("2024-03-01T00:00:00Z")).toBe("2031-03-02T00:00:00.000Z");
    expect(retainUntil("2096-03-01T00:00:00Z")).toBe("2103-03-03T00:00:00.000Z");
  });

  it("is never earlier than seven calendar years, and at most two days later", () => {
    fc.assert(
      fc.property(instant, (date) => {
        const until = Date.parse(retainUntil(date));
        expect(until).toBeGreaterThanOrEqual(sevenCalendarYearsAfter(date));
        expect(until - sevenCalendarYearsAfter(date)).toBeLessThanOrEqual(2 * day);
      }),
    );
  });
});

describe("retention cutoff", () => {
  it("is RETENTION_DAYS days before now: what is dated at it has just reached its retain-until date", () => {
    expect(retentionCutoff(new Date("2033-03-10T09:30:00Z"))).toBe("2026-03-10T09:30:00.000Z");
    expect(retentionCutoff(new Date("2035-03-01T10:00:00Z"))).toBe("2028-02-29T10:00:00.000Z");
    fc.assert(
      fc.property(instant, (now) => {
        expect(retainUntil(retentionCutoff(now))).toBe(now.toISOString());
      }),
    );
  });
});
