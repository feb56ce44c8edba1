import { runBurst } from "@medpipe/testing/burst";
import { type Rig, startRig } from "@medpipe/testing/rig";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A burst in small: consults that run at once and end within a minute, more than the stage's quotas take at once
 * (Transcribe jobs held to 3 here, extraction slots 5, the region's 10 media pipelines, Comprehend Medical's
 * characters a second), all on the virtual clock. The figures at 30, 300 and 1,000 consults are the bench's.
 */
describe("a clinic's consults ending together, beyond the quotas", () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ MEDPIPE_CONSENT_GATE: "off", MEDPIPE_TRANSCRIBE_JOBS_QUOTA: "3" });
  });
  afterAll(async () => rig.stop());

  it("are all recorded, transcribed, coded and posted, waiting for capacity instead of failing", async () => {
    const report = await runBurst(rig, {
      consults: 8,
      minutes: { min: 15, max: 30 },
      endWithinMinutes: 1,
      seed: 3,
      quotas: { transcribeConcurrentJobs: 3 },
    });
    expect(report).toMatchObject({ consults: 8, failed: 0, lost: 0 });
    expect(report.refused).toEqual({ comprehend: 0, transcribeJobs: 0, mediaPipelines: 0 });
    const { peaks } = report;
    expect(peaks.transcribeJobs.used).toBe(3);
    expect(peaks.mediaPipelines.used).toBeLessThanOrEqual(peaks.mediaPipelines.quota);
    expect(peaks.mediaPipelines.used).toBe(10);
    for (const [api, { used, quota }] of Object.entries(peaks.comprehendRequestsPerSecond)) {
      expect(used, api).toBeLessThanOrEqual(quota);
    }
    expect(report.makespanSeconds).toBeGreaterThanOrEqual(report.lowerBoundSeconds);
  });
});
