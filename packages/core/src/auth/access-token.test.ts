import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedSupabase } from "../sink/embedded/embedded-supabase.js";
import { startTestSupabase } from "../sink/embedded/test-tier.js";
import { signAccessToken, signToken } from "../sink/embedded/token.js";
import {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  InvalidAccessTokenError,
} from "./access-token.js";

let supabase: EmbeddedSupabase;
let verify: AccessTokenVerifier;
const userId = randomUUID();

beforeAll(async () => {
  supabase = await startTestSupabase();
  verify = createAccessTokenVerifier({ supabaseUrl: supabase.url, jwtSecret: supabase.jwtSecret });
});
afterAll(() => supabase?.stop());

async function problemOf(authorization: string | undefined) {
  const error = await verify(authorization).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InvalidAccessTokenError);
  return (error as InvalidAccessTokenError).problem;
}

describe("verifying a Supabase access token", () => {
  it("takes Supabase Auth's ES256 token through the project's JWKS, and gives its user", async () => {
    const token = await supabase.mintAccessToken(userId.toUpperCase());
    expect(await verify(`Bearer ${token}`)).toMatchObject({ userId, claims: { role: "authenticated" } });
  });

  it("refuses a missing header, another scheme, or no JWT", async () => {
    expect(await problemOf(undefined)).toBe("missing");
    expect(await problemOf("Basic dXNlcjpwYXNz")).toBe("malformed");
    expect(await problemOf("Bearer not-a-jwt")).toBe("malformed");
  });

  it("refuses another issuer, another audience, no expiry, and a subject that is no user id", async () => {
    const claims = { aud: "authenticated", sub: userId, exp: Math.floor(Date.now() / 1000) + 600 };
    for (const forged of [
      { ...claims, iss: "https://other.supabase.co/auth/v1" },
      { ...claims, iss: supabase.authUrl, aud: "anon" },
      { iss: supabase.authUrl, aud: "authenticated", sub: userId },
      { ...claims, iss: supabase.authUrl, sub: "service" },
    ]) {
      expect(await problemOf(`Bearer ${await signToken(forged, supabase.jwtSecret)}`)).toBe("invalid");
    }
  });

  it("tells an expired token apart, so that the app refreshes its session", async () => {
    const expired = await signAccessToken(supabase.signingKeys, {
      issuer: supabase.authUrl,
      userId,
      now: new Date(Date.now() - 7_200_000),
    });
    expect(await problemOf(`Bearer ${expired}`)).toBe("expired");
  });

  it("refuses an HS256 token signed with the public key, and one with no signature", async () => {
    const { x = "", y = "" } = supabase.signingKeys.signingKey;
    const confused = await new SignJWT({ aud: "authenticated", sub: userId })
      .setProtectedHeader({ alg: "HS256", kid: supabase.signingKeys.signingKey.kid })
      .setIssuer(supabase.authUrl)
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode(`${x}${y}`));
    expect(await problemOf(`Bearer ${confused}`)).toBe("invalid");
    const [header = "", payload = ""] = (await supabase.mintAccessToken(userId)).split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
    expect(await problemOf(`Bearer ${none}`)).toBe("malformed");
    expect(await problemOf(`Bearer ${header}.${payload}.${"A".repeat(86)}`)).toBe("invalid");
  });

  it("does not blame the caller when the project's keys cannot be fetched", async () => {
    const unreachable = createAccessTokenVerifier({ supabaseUrl: "http://127.0.0.1:9", jwtSecret: "x" });
    const token = await supabase.mintAccessToken(userId);
    const error = await unreachable(`Bearer ${token}`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InvalidAccessTokenError);
  });
});
