import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { COMPREHEND_CPS, COMPREHEND_TPS } from "../quotas/figures.js";
import { type EmbeddedSupabase, startTestSupabase } from "../sink/embedded/index.js";
import { sinkClient } from "../sink/sink-client.js";
import { comprehendReservations } from "./comprehend-pacing.js";
import { type RateBuckets, supabaseRateBuckets } from "./rate.js";

let supabase: EmbeddedSupabase;
let rates: RateBuckets;

beforeAll(async () => {
  supabase = await startTestSupabase();
  rates = supabaseRateBuckets(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
});
afterAll(() => supabase?.stop());
beforeEach(() => supabase.reset());

const requests = (name: string, perSecond: number) => ({
  name,
  amount: 1,
  perSecond,
  burstSeconds: 1 / perSecond,
});

describe("shared rate buckets", () => {
  it("space the requests of everyone who asks at the rate, in the order they asked", async () => {
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push(await rates.reserve([requests("api:requests", 2)]));
    // 2 a second: the first goes now, each next half a second after the one before (less the time asking took).
    expect(waits[0]).toBe(0);
    for (let i = 1; i < waits.length; i++) {
      expect(waits[i] as number).toBeGreaterThan(500 * i - 200);
      expect(waits[i] as number).toBeLessThanOrEqual(500 * i);
    }
  });

  it("let a burst of units go ahead of the rate, as deep as the bucket", async () => {
    const characters = { name: "api:characters", perSecond: 40_000, burstSeconds: 1 };
    expect(await rates.reserve([{ ...characters, amount: 20_000 }])).toBe(0);
    expect(await rates.reserve([{ ...characters, amount: 20_000 }])).toBe(0);
    const third = await rates.reserve([{ ...characters, amount: 20_000 }]);
    expect(third).toBeGreaterThan(300);
    expect(third).toBeLessThanOrEqual(500);
  });

  it("make a request wait for the slowest of the quotas it spends", async () => {
    await rates.reserve([{ name: "b:characters", amount: 80_000, perSecond: 40_000, burstSeconds: 1 }]);
    const wait = await rates.reserve([
      requests("b:requests", 40),
      { name: "b:characters", amount: 10_000, perSecond: 40_000, burstSeconds: 1 },
    ]);
    expect(wait).toBeGreaterThan(1000);
  });

  it("pace a Comprehend Medical request by its API's TPS and CPS quotas", () => {
    const [requestsBucket, charactersBucket] = comprehendReservations("InferRxNorm", 9_000);
    expect(requestsBucket).toMatchObject({ amount: 1, perSecond: COMPREHEND_TPS.InferRxNorm });
    expect(charactersBucket).toMatchObject({ amount: 9_000, perSecond: COMPREHEND_CPS.InferRxNorm });
  });

  it("refuse a rate that is not positive", async () => {
    await expect(rates.reserve([requests("c:requests", 0)])).rejects.toMatchObject({ code: "22023" });
  });
});
