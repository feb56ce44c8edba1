import { describe, expect, it } from "vitest";
import { checkMissingEntities, MISSING_ENTITIES_METRIC } from "./missing-entities.js";

describe("the missing-entities check", () => {
  it("asks for recorded consults that ended between 14 days and the grace hours ago, and counts them as the metric", async () => {
    const windows: { endedAfter: string; endedBefore: string }[] = [];
    const metrics: [string, string, number][] = [];
    const found = await checkMissingEntities({
      sink: {
        findMeetingsMissingEntities: async (window) => {
          windows.push(window);
          return { count: 2, meetingIds: ["m-1", "m-2"] };
        },
      },
      now: new Date("2026-03-20T12:00:00.000Z"),
      afterHours: 6,
      metrics: { addMetric: (name, unit, value) => metrics.push([name, unit, value]) },
    });

    expect(windows).toEqual([
      { endedAfter: "2026-03-06T06:00:00.000Z", endedBefore: "2026-03-20T06:00:00.000Z" },
    ]);
    expect(metrics).toEqual([[MISSING_ENTITIES_METRIC, "Count", 2]]);
    expect(found).toMatchObject({ missing: 2, meetingIds: ["m-1", "m-2"] });
  });

  it("reports zero, so that the alarm clears once the entities are in", async () => {
    const metrics: number[] = [];
    await checkMissingEntities({
      sink: { findMeetingsMissingEntities: async () => ({ count: 0, meetingIds: [] }) },
      now: new Date("2026-03-20T12:00:00.000Z"),
      afterHours: 6,
      metrics: { addMetric: (_, __, value) => metrics.push(value) },
    });
    expect(metrics).toEqual([0]);
  });
});
