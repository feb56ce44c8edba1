export {
  type AccessTokenProblem,
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  InvalidAccessTokenError,
  supabaseAuth,
  type VerifiedCaller,
} from "./access-token.js";
