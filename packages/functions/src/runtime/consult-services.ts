import { ChimeSDKMeetingsClient } from "@aws-sdk/client-chime-sdk-meetings";
import { type AccessTokenVerifier, createAccessTokenVerifier } from "@medpipe/core/auth";
import { type ConsultStore, createConsultStore, type MeetingSettings } from "@medpipe/core/consult";
import { sinkClient } from "@medpipe/core/sink";
import { Config } from "sst/node/config";
import { useConfig } from "./environment.js";
import { tracer } from "./observability.js";

declare module "sst/node/config" {
  /** The Api stack binds the legacy JWT secret besides the sink's secrets. */
  export interface SecretResources {
    SUPABASE_JWT_SECRET: { value: string };
  }
}

let store: ConsultStore | undefined;
let verifier: AccessTokenVerifier | undefined;
let chime: ChimeSDKMeetingsClient | undefined;

/** The consults, through Supabase with the service-role key (from SST secrets). */
export function useConsultStore(): ConsultStore {
  store ??= createConsultStore(
    sinkClient({ url: Config.SUPABASE_URL, serviceRoleKey: Config.SUPABASE_SERVICE_ROLE_KEY }),
  );
  return store;
}

/** Verifies callers' Supabase access tokens: the project's JWKS (cached per container) and the legacy secret. */
export function useAccessTokens(): AccessTokenVerifier {
  verifier ??= createAccessTokenVerifier({
    supabaseUrl: Config.SUPABASE_URL,
    jwtSecret: Config.SUPABASE_JWT_SECRET,
  });
  return verifier;
}

/** Meetings are created in the Chime control region, where their events are delivered. */
export function chimeMeetings(): ChimeSDKMeetingsClient {
  chime ??= tracer.captureAWSv3Client(new ChimeSDKMeetingsClient({ region: useConfig().regions.control }));
  return chime;
}

/** Each meeting's media in the data region, beside the recordings bucket (the capture sink must be there). */
export function meetingSettings(): MeetingSettings {
  const config = useConfig();
  return { stage: config.stage, mediaRegion: config.regions.data };
}
