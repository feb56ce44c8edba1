import {
  type CapacitySlots,
  type RateBuckets,
  supabaseCapacitySlots,
  supabaseRateBuckets,
} from "@medpipe/core/capacity";
import { type ConsultStore, createConsultStore } from "@medpipe/core/consult";
import { createSupabaseSink, type Sink, sinkClient } from "@medpipe/core/sink";
import { Config } from "sst/node/config";

declare module "sst/node/config" {
  /** The secrets the Workflows stack binds to every task (`npx sst secrets set NAME value`). */
  export interface SecretResources {
    SUPABASE_URL: { value: string };
    SUPABASE_SERVICE_ROLE_KEY: { value: string };
  }
}

let client: ReturnType<typeof sinkClient> | undefined;
let sink: Sink | undefined;
let consults: ConsultStore | undefined;
let slots: CapacitySlots | undefined;
let rates: RateBuckets | undefined;

/** The service-role client, with the URL and key from SST secrets (never plain environment). */
function useClient() {
  client ??= sinkClient({ url: Config.SUPABASE_URL, serviceRoleKey: Config.SUPABASE_SERVICE_ROLE_KEY });
  return client;
}

/** The Supabase sink. */
export function useSink(): Sink {
  sink ??= createSupabaseSink(useClient());
  return sink;
}

/** The consults in the same Supabase: the consent gate reads a meeting's recording consent there. */
export function useConsultStore(): ConsultStore {
  consults ??= createConsultStore(useClient());
  return consults;
}

/** The stage's capacity slots, in the same Supabase. */
export function useCapacitySlots(): CapacitySlots {
  slots ??= supabaseCapacitySlots(useClient());
  return slots;
}

/** The stage's shared rate buckets (Comprehend Medical's quotas), in the same Supabase. */
export function useRateBuckets(): RateBuckets {
  rates ??= supabaseRateBuckets(useClient());
  return rates;
}
