import { createSupabaseSink, type Sink, sinkClient } from "@medpipe/core/sink";
import { Config } from "sst/node/config";

declare module "sst/node/config" {
  /** The secrets the Workflows stack binds to every task (`npx sst secrets set NAME value`). */
  export interface SecretResources {
    SUPABASE_URL: { value: string };
    SUPABASE_SERVICE_ROLE_KEY: { value: string };
  }
}

let sink: Sink | undefined;

/** The Supabase sink, with the URL and service-role key from SST secrets (never plain environment). */
export function useSink(): Sink {
  sink ??= createSupabaseSink(
    sinkClient({ url: Config.SUPABASE_URL, serviceRoleKey: Config.SUPABASE_SERVICE_ROLE_KEY }),
  );
  return sink;
}
