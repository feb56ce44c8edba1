import type { RateBuckets } from "@medpipe/core/capacity";

/**
 * Rate buckets in memory, for tests, by the same algorithm as `reserve_rate` (GCRA), on the caller's clock.
 * Every reservation is kept, so that a test can check the pace requests were given.
 */
export function memoryRateBuckets(now: () => number): RateBuckets & {
  readonly reservations: { name: string; amount: number; at: number; waitMilliseconds: number }[];
} {
  const tats = new Map<string, number>();
  const reservations: { name: string; amount: number; at: number; waitMilliseconds: number }[] = [];
  return {
    reservations,
    async reserve(buckets) {
      let longest = 0;
      const at = now();
      for (const bucket of buckets) {
        const next = Math.max(tats.get(bucket.name) ?? at, at) + (bucket.amount / bucket.perSecond) * 1000;
        tats.set(bucket.name, next);
        longest = Math.max(longest, next - bucket.burstSeconds * 1000 - at);
      }
      const waitMilliseconds = Math.ceil(longest);
      for (const bucket of buckets)
        reservations.push({ name: bucket.name, amount: bucket.amount, at, waitMilliseconds });
      return waitMilliseconds;
    },
  };
}

/** Rate buckets that never make anyone wait. */
export const unpacedRateBuckets: RateBuckets = { reserve: async () => 0 };
