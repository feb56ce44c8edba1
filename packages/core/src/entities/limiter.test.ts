import { describe, expect, it } from "vitest";
import { RateLimiter } from "./limiter.js";
import { virtualPace } from "./pace.fixture.js";

/** A task that stays in flight for `ms` of virtual time, recording when it started. */
function task(
  pace: ReturnType<typeof virtualPace>,
  log: { starts: number[]; inFlight: number; peak: number },
  ms: number,
  result = 0,
) {
  return async (): Promise<number> => {
    log.starts.push(pace.now());
    log.inFlight++;
    log.peak = Math.max(log.peak, log.inFlight);
    await pace.sleep(ms);
    log.inFlight--;
    return result;
  };
}

describe("RateLimiter", () => {
  it("starts no more than the per-second budget in any one-second window", async () => {
    const pace = virtualPace();
    const limiter = new RateLimiter({ maxInFlight: 100, perSecond: 2, pace });
    const log = { starts: [] as number[], inFlight: 0, peak: 0 };
    await Promise.all(Array.from({ length: 7 }, () => limiter.run(task(pace, log, 10))));
    expect(log.starts).toEqual([0, 0, 1000, 1000, 2000, 2000, 3000]);
  });

  it("keeps no more than maxInFlight tasks running, and runs them all", async () => {
    const pace = virtualPace();
    const limiter = new RateLimiter({ maxInFlight: 3, perSecond: 1000, pace });
    const log = { starts: [] as number[], inFlight: 0, peak: 0 };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => limiter.run(task(pace, log, 50, i))),
    );
    expect(log.peak).toBe(3);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.starts).toEqual([0, 0, 0, 50, 50, 50, 100, 100, 100, 150]);
  });

  it("frees the slot of a task that fails", async () => {
    const pace = virtualPace();
    const limiter = new RateLimiter({ maxInFlight: 1, perSecond: 1000, pace });
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(() => Promise.resolve("next"))).resolves.toBe("next");
  });
});
