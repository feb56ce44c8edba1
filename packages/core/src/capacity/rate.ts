import * as z from "zod";
import type { SinkClient } from "../sink/sink-client.js";
import { sinkErrorOf } from "../sink/sink-error.js";
import { capacityRpcs } from "../sink/tables.js";

/** Units of one per-second quota a request spends: its requests, or its characters. */
export interface RateReservation {
  name: string;
  amount: number;
  perSecond: number;
  /** How far ahead of its rate the bucket lets units go: a token bucket's depth, in seconds of the rate. */
  burstSeconds: number;
}

/** Per-second quotas every consult in flight shares. */
export interface RateBuckets {
  /** Reserves the units and says how many milliseconds to wait before spending them. */
  reserve(reservations: RateReservation[]): Promise<number>;
}

/**
 * The {@link RateBuckets} in the clinic's Supabase (`rate_buckets`, the generic cell rate algorithm), with the
 * service role: one row update per bucket, whichever consult asks.
 *
 * @example
 * await sleep(await supabaseRateBuckets(client).reserve(comprehendReservations("InferRxNorm", 9_800)));
 */
export function supabaseRateBuckets(client: SinkClient): RateBuckets {
  return {
    async reserve(reservations) {
      const answer = await client.rpc(capacityRpcs.reserveRate, { payload: { buckets: reservations } });
      if (answer.error)
        throw sinkErrorOf(capacityRpcs.reserveRate, null, answer.error.code || null, answer.status);
      return z.object({ waitMilliseconds: z.number() }).parse(answer.data).waitMilliseconds;
    },
  };
}
