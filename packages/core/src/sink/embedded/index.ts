export {
  type ConsultVolume,
  explainAs,
  type PlanScan,
  type QueryRole,
  seedConsults,
  type UserQueryPlan,
} from "./attendee-plans.js";
export {
  type ApiRole,
  type EmbeddedSupabase,
  type EmbeddedSupabaseOptions,
  startEmbeddedSupabase,
} from "./embedded-supabase.js";
export { PostgrestStartError } from "./postgrest.js";
export { startTestSupabase } from "./test-tier.js";
export {
  generateSigningKeys,
  loadOrCreateSigningKeys,
  type SigningKeys,
  signAccessToken,
  signToken,
} from "./token.js";
