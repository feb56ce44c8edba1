export {
  type ApiRole,
  type EmbeddedSupabase,
  type EmbeddedSupabaseOptions,
  startEmbeddedSupabase,
} from "./embedded-supabase.js";
export { JWKS_PATH } from "./gateway.js";
export { PostgrestStartError } from "./postgrest.js";
export { startTestSupabase } from "./test-tier.js";
export {
  ACCESS_TOKEN_SECONDS,
  generateSigningKeys,
  loadOrCreateSigningKeys,
  type SigningKeys,
  signAccessToken,
  signToken,
} from "./token.js";
