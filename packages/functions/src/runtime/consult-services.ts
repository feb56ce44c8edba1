import { ChimeSDKMeetingsClient } from "@aws-sdk/client-chime-sdk-meetings";
import { type AccessTokenVerifier, createAccessTokenVerifier } from "@medpipe/core/auth";
import { type ConsultStore, createConsultStore, type MeetingSettings } from "@medpipe/core/consult";
import { sinkClient } from "@medpipe/core/sink";
import { useConfig } from "./environment.js";
import { readBoundSecrets } from "./secrets.js";

/** The secrets the Api stack binds to every route's function. */
export const API_SECRETS = ["SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_JWT_SECRET"] as const;

export interface ConsultServices {
  /** The consults, through Supabase with the service-role key. */
  store: ConsultStore;
  /** Verifies callers' Supabase access tokens: the project's JWKS (cached per container) and the legacy secret. */
  verify: AccessTokenVerifier;
}

let services: Promise<ConsultServices> | undefined;
let chime: ChimeSDKMeetingsClient | undefined;

/** The store and the token verifier, built once per container from the bound secrets. */
export function consultServices(): Promise<ConsultServices> {
  services ??= readBoundSecrets(API_SECRETS).then((secrets) => ({
    store: createConsultStore(
      sinkClient({ url: secrets.SUPABASE_URL, serviceRoleKey: secrets.SUPABASE_SERVICE_ROLE_KEY }),
    ),
    verify: createAccessTokenVerifier({
      supabaseUrl: secrets.SUPABASE_URL,
      jwtSecret: secrets.SUPABASE_JWT_SECRET,
    }),
  }));
  services.catch(() => {
    services = undefined;
  });
  return services;
}

/** Meetings are created in the Chime control region, where their events are delivered. */
export function chimeMeetings(): ChimeSDKMeetingsClient {
  chime ??= new ChimeSDKMeetingsClient({ region: useConfig().regions.control });
  return chime;
}

/** Each meeting's media in the data region, beside the recordings bucket (the capture sink must be there). */
export function meetingSettings(): MeetingSettings {
  const config = useConfig();
  return { stage: config.stage, mediaRegion: config.regions.data };
}
