import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RETENTION_DAYS, RETENTION_YEARS } from "./period.js";
import { isExpired, retainUntil, retentionCutoff } from "./retain-until.js";

const day = 24 * 60 * 60 * 1000;
const instant = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2100-01-01T00:00:00Z"),
  noInvalidDate: true,
});
/** Within two days of a 29 February, where calendar years are uneven. */
const nearLeapDay = fc
  .tuple(fc.integer({ min: 501, max: 524 }), fc.integer({ min: -2 * day, max: 2 * day }))
  .map(([leapYearQuarter, offset]) => new Date(Date.UTC(leapYearQuarter * 4, 1, 29) + offset));
/** A meeting start and a time to judge it at: anywhere, or within days of its boundary around a leap day. */
const startAndNow = fc.oneof(
  fc.tuple(instant, instant),
  fc
    .tuple(nearLeapDay, fc.integer({ min: -3 * day, max: 3 * day }), fc.boolean())
    .map(([leapMoment, offset, startsOnIt]): [Date, Date] =>
      startsOnIt
        ? [leapMoment, new Date(Date.parse(retainUntil(leapMoment)) + offset)]
        : [new Date(Date.parse(retentionCutoff(leapMoment)) + offset), leapMoment],
    ),
);

describe("retain-until date", () => {
  it("is the meeting's start plus seven calendar years", () => {
    expect(RETENTION_YEARS).toBe(7);
    expect(retainUntil("2026-03-10T09:30:00Z")).toBe("2033-03-10T09:30:00.000Z");
    expect(retainUntil(new Date("2026-12-31T23:59:59.999Z"))).toBe("2033-12-31T23:59:59.999Z");
  });

  it("of a meeting on 29 February is 28 February seven years on", () => {
    expect(retainUntil("2028-02-29T10:00:00Z")).toBe("2035-02-28T10:00:00.000Z");
  });

  it("is never later than the bucket's default retention of RETENTION_DAYS", () => {
    fc.assert(
      fc.property(instant, (start) => {
        expect(new Date(retainUntil(start)).getTime()).toBeLessThanOrEqual(
          start.getTime() + RETENTION_DAYS * day,
        );
      }),
    );
  });
});

describe("expiry", () => {
  const started = "2026-03-10T09:30:00Z";

  it("a meeting one day short of seven years old is kept", () => {
    expect(isExpired(started, new Date("2033-03-09T09:30:00Z"))).toBe(false);
  });

  it("a meeting expires when its retain-until date comes", () => {
    expect(isExpired(started, new Date("2033-03-10T09:29:59.999Z"))).toBe(false);
    expect(isExpired(started, new Date("2033-03-10T09:30:00Z"))).toBe(true);
  });

  it("a meeting started at or before the cutoff is always expired", () => {
    fc.assert(
      fc.property(startAndNow, ([start, now]) => {
        fc.pre(start.getTime() <= new Date(retentionCutoff(now)).getTime());
        expect(isExpired(start, now)).toBe(true);
      }),
    );
  });

  it("the cutoff keeps an expired meeting at most a day longer", () => {
    fc.assert(
      fc.property(startAndNow, ([start, now]) => {
        fc.pre(isExpired(start, now));
        expect(start.getTime()).toBeLessThanOrEqual(new Date(retentionCutoff(now)).getTime() + day);
      }),
    );
  });

  it("the cutoff falls seven years before now", () => {
    expect(retentionCutoff(new Date("2033-03-10T09:30:00Z"))).toBe("2026-03-10T09:30:00.000Z");
    expect(retentionCutoff(new Date("2036-02-29T12:00:00Z"))).toBe("2029-02-28T12:00:00.000Z");
  });
});
