import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from "jose";
import { isUuid } from "../events/uuid.js";

/** Why an access token was refused; `expired` tells the app to refresh its session and retry. */
export type AccessTokenProblem = "missing" | "malformed" | "invalid" | "expired";

/**
 * A request whose access token is missing, malformed, not signed by the project, not for `authenticated`, or
 * expired. Its message never quotes the token.
 *
 * @example
 * try { await verify(header) } catch (e) { if (e instanceof InvalidAccessTokenError) return 401 }
 */
export class InvalidAccessTokenError extends Error {
  override name = "InvalidAccessTokenError";
  constructor(readonly problem: AccessTokenProblem) {
    super(
      {
        missing: "an Authorization: Bearer access token is required",
        malformed: "the Authorization header is not a Bearer JWT",
        invalid: "the access token is not a valid access token of this project",
        expired: "the access token has expired",
      }[problem],
    );
  }
}

/** A verified caller: the Supabase user id (`sub`) and the token's claims. */
export interface VerifiedCaller {
  userId: string;
  claims: JWTPayload;
}

/** Where a Supabase project's Auth publishes its public signing keys, under the project URL. */
export const SUPABASE_AUTH_PATH = "/auth/v1";
export const SUPABASE_JWKS_PATH = `${SUPABASE_AUTH_PATH}/.well-known/jwks.json`;

/**
 * Where a Supabase project's Auth publishes its keys and what it signs as (Supabase docs, JWT signing keys and
 * JWT claims reference): `iss` is `<url>/auth/v1`, the public keys are at `<url>/auth/v1/.well-known/jwks.json`.
 *
 * @example
 * supabaseAuth("https://abc.supabase.co").issuer; // "https://abc.supabase.co/auth/v1"
 */
export function supabaseAuth(supabaseUrl: string): { issuer: string; jwksUrl: URL } {
  const projectUrl = supabaseUrl.replace(/\/+$/, "");
  return {
    issuer: `${projectUrl}${SUPABASE_AUTH_PATH}`,
    jwksUrl: new URL(`${projectUrl}${SUPABASE_JWKS_PATH}`),
  };
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Verifies the `Authorization` header of a request as Supabase's own services do: the signature against the
 * project's asymmetric keys (its JWKS, fetched once and cached by jose) or, for tokens signed the legacy way,
 * the HS256 JWT secret; then `iss`, `aud` = `authenticated`, `exp` and a user id in `sub`.
 *
 * @example
 * const verify = createAccessTokenVerifier({ supabaseUrl, jwtSecret });
 * const { userId } = await verify(event.headers.authorization);
 */
export function createAccessTokenVerifier(options: { supabaseUrl: string; jwtSecret: string }) {
  const { issuer, jwksUrl } = supabaseAuth(options.supabaseUrl);
  const projectKeys = createRemoteJWKSet(jwksUrl);
  const legacySecret = new TextEncoder().encode(options.jwtSecret);

  return async (authorization: string | undefined): Promise<VerifiedCaller> => {
    if (!authorization) throw new InvalidAccessTokenError("missing");
    const token = BEARER.exec(authorization.trim())?.[1];
    if (!token) throw new InvalidAccessTokenError("malformed");
    let legacy: boolean;
    try {
      legacy = decodeProtectedHeader(token).alg === "HS256";
    } catch {
      throw new InvalidAccessTokenError("malformed");
    }
    const checks = { issuer, audience: "authenticated", requiredClaims: ["exp", "sub"] };
    try {
      const { payload } = legacy
        ? await jwtVerify(token, legacySecret, { ...checks, algorithms: ["HS256"] })
        : await jwtVerify(token, projectKeys, { ...checks, algorithms: ["ES256", "RS256"] });
      if (!payload.sub || !isUuid(payload.sub)) throw new InvalidAccessTokenError("invalid");
      return { userId: payload.sub.toLowerCase(), claims: payload };
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidAccessTokenError("expired");
      // The project's keys could not be fetched: the caller is not at fault, so this is no 401.
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) throw error;
      throw new InvalidAccessTokenError("invalid");
    }
  };
}

export type AccessTokenVerifier = ReturnType<typeof createAccessTokenVerifier>;
