import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";

/** The keys a Supabase project signs with: the legacy HS256 secret and an asymmetric (ES256) signing key. */
export interface SigningKeys {
  /** The legacy JWT secret: the anon and service-role API keys are HS256 tokens signed with it. */
  jwtSecret: string;
  /** The ES256 private key user access tokens are signed with, as a JWK carrying its `kid`. */
  signingKey: JWK;
}

/** Supabase Auth's access token lifetime by default: one hour. */
export const ACCESS_TOKEN_SECONDS = 3600;

/**
 * A fresh key set, as a new Supabase project has.
 *
 * @example
 * const keys = await generateSigningKeys();
 */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "ES256", use: "sig" };
  return { jwtSecret: randomBytes(32).toString("hex"), signingKey };
}

/**
 * The public half of the signing key, as the project serves it at `/auth/v1/.well-known/jwks.json`.
 *
 * @example
 * const { keys: [key] } = publicJwks(keys); // key.d === undefined
 */
export function publicJwks(keys: SigningKeys): { keys: JWK[] } {
  const { d: _private, ...publicKey } = keys.signingKey;
  return { keys: [publicKey] };
}

/**
 * What PostgREST verifies tokens with: the public signing key and the legacy secret as an `oct` key, so that
 * both user access tokens and the API keys are accepted, as on Supabase.
 *
 * @example
 * spawn("postgrest", { env: { PGRST_JWT_SECRET: JSON.stringify(postgrestJwks(keys)) } });
 */
export function postgrestJwks(keys: SigningKeys): { keys: JWK[] } {
  const secret: JWK = { kty: "oct", k: Buffer.from(keys.jwtSecret).toString("base64url"), alg: "HS256" };
  return { keys: [...publicJwks(keys).keys, secret] };
}

/**
 * `claims` signed as an HS256 JWT with `secret`, the way Supabase signs its legacy API keys.
 *
 * @example
 * const serviceRoleKey = await signToken({ iss: "supabase", role: "service_role" }, jwtSecret);
 */
export async function signToken(claims: Record<string, unknown>, secret: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(secret));
}

export interface AccessTokenOptions {
  /** The project's Auth URL, `<SUPABASE_URL>/auth/v1`: the token's `iss`. */
  issuer: string;
  /** The Supabase user id (`sub`). */
  userId: string;
  expiresInSeconds?: number;
  now?: Date;
}

/**
 * A user's access token as Supabase Auth issues it: ES256 with the signing key's `kid`, and the claims Auth
 * always puts in (iss, sub, aud, exp, iat, role, aal, session_id, amr, is_anonymous, metadata; email and phone
 * empty, since no such user exists).
 *
 * @example
 * const token = await signAccessToken(keys, { issuer: `${url}/auth/v1`, userId });
 */
export async function signAccessToken(keys: SigningKeys, options: AccessTokenOptions): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const key = await importJWK(keys.signingKey, "ES256");
  return new SignJWT({
    email: "",
    phone: "",
    app_metadata: {},
    user_metadata: {},
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "password", timestamp: issuedAt }],
    session_id: randomUUID(),
    is_anonymous: false,
  })
    .setProtectedHeader({ alg: "ES256", kid: keys.signingKey.kid, typ: "JWT" })
    .setIssuer(options.issuer)
    .setSubject(options.userId)
    .setAudience("authenticated")
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.expiresInSeconds ?? ACCESS_TOKEN_SECONDS))
    .sign(key);
}

/**
 * The signing keys kept in `file` (JSON, readable by its owner only), created there on first use: a local
 * stage keeps its keys, so that tokens minted by one process are accepted by another.
 *
 * @example
 * const keys = await loadOrCreateSigningKeys(".medpipe/stage/signing-keys.json");
 */
export async function loadOrCreateSigningKeys(file: string): Promise<SigningKeys> {
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (existing !== null) return JSON.parse(existing) as SigningKeys;
  const keys = await generateSigningKeys();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600, flag: "wx" }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
  return JSON.parse(await readFile(file, "utf8")) as SigningKeys;
}
