import { runBurst } from "@medpipe/testing/burst";
import { type Rig, startRig } from "@medpipe/testing/rig";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A burst in small: eight 30-minute consults ending within six seconds, more than the stage's quotas take at once
 * (Transcribe jobs held to 3 here, extraction slots 5, the region's 10 media pipelines), so that jobs finish and
 * extractions start three at a time and ask Comprehend Medical for more characters a second than its quota (without
 * the pacing its stand-in refuses some 30 requests). All on the virtual clock; the figures at 30, 300 and 1,000
 * consults are the bench's.
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
      minutes: { min: 30, max: 30 },
      endWithinMinutes: 0.1,
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
    // The extractions asked for more than Comprehend Medical serves: paced, its busiest second ran at the quota.
    const icd10cm = peaks.comprehendCharactersPerSecond.InferICD10CM;
    expect(icd10cm?.used).toBeGreaterThanOrEqual(0.9 * (icd10cm?.quota ?? 0));
    expect(report.makespanSeconds).toBeGreaterThanOrEqual(report.lowerBoundSeconds);
  });
});
