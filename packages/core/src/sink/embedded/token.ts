import { createHmac } from "node:crypto";

function encode(part: object): string {
  return Buffer.from(JSON.stringify(part)).toString("base64url");
}

/**
 * `claims` signed as an HS256 JWT with `secret`, the way Supabase signs its API keys and user tokens.
 *
 * @example
 * const serviceRoleKey = signToken({ role: "service_role" }, jwtSecret);
 */
export function signToken(claims: Record<string, unknown>, secret: string): string {
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}
