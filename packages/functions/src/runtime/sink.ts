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

/** The service-role client, with the URL and key from SST secrets (never plain environment). */
const useClient = () =>
  (client ??= sinkClient({ url: Config.SUPABASE_URL, serviceRoleKey: Config.SUPABASE_SERVICE_ROLE_KEY }));

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
