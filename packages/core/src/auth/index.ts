export {
  type AccessTokenProblem,
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  InvalidAccessTokenError,
  SUPABASE_AUTH_PATH,
  SUPABASE_JWKS_PATH,
  supabaseAuth,
  type VerifiedCaller,
} from "./access-token.js";
