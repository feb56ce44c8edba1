import type { ComprehendApi } from "../entities/limits.js";
import { COMPREHEND_CPS, COMPREHEND_TPS } from "../quotas/figures.js";
import type { RateReservation } from "./rate.js";

/**
 * Comprehend Medical documents its quotas per second and no burst: requests are spaced at the TPS quota's rate (a
 * burst of one request), while a request's characters, which arrive together, may go one second's worth of the
 * CPS quota ahead.
 */
const CHARACTERS_BURST_SECONDS = 1;

/**
 * What one Comprehend Medical request of `chars` characters spends of the account's quotas for `api`: a request of
 * its TPS and its characters of its CPS (the characters bind first for large requests).
 *
 * @example
 * comprehendReservations("DetectEntitiesV2", 19_000); // [{ name: "comprehend:DetectEntitiesV2:requests", … }, …]
 */
export function comprehendReservations(api: ComprehendApi, chars: number): RateReservation[] {
  return [
    {
      name: `comprehend:${api}:requests`,
      amount: 1,
      perSecond: COMPREHEND_TPS[api],
      burstSeconds: 1 / COMPREHEND_TPS[api],
    },
    {
      name: `comprehend:${api}:characters`,
      amount: chars,
      perSecond: COMPREHEND_CPS[api],
      burstSeconds: CHARACTERS_BURST_SECONDS,
    },
  ];
}
