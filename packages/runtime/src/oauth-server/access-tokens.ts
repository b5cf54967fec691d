/**
 * Access tokens of the built-in authorization server: short-lived JWTs in the shape
 * of RFC 9068 (`typ: at+jwt`; `iss`, `sub`, `aud`, `client_id`, `scope`, `iat`, `exp`,
 * `jti`), signed with the server's current key. Each names its grant (`grant_id`), so
 * revoking a grant (a replayed refresh token, RFC 7009 revocation) also stops the
 * access tokens it produced, which the resource server checks on every request.
 */
import { randomUUID, type KeyObject } from "node:crypto";
import { SignJWT, jwtVerify, type JWTPayload } from "jose";
import type { SigningKeys } from "./signing-keys.js";
import type { GrantSubject } from "./store.js";

/** Claims the server sets itself; an upstream identity's claims never override them. */
const RESERVED = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope", "grant_id", "typ"]);

export interface AccessTokenGrant {
  readonly grantId: string;
  readonly clientId: string;
  readonly resource: string;
  readonly scopes: readonly string[];
  readonly subject: GrantSubject;
}

export interface IssuedAccessToken {
  readonly token: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export async function signAccessToken(keys: SigningKeys, issuer: string, ttlSec: number, grant: AccessTokenGrant, now: number): Promise<IssuedAccessToken> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(grant.subject.claims)) if (!RESERVED.has(name)) claims[name] = value;
  const issuedAt = Math.floor(now / 1000);
  const expiresAt = issuedAt + ttlSec;
  const token = await new SignJWT({ ...claims, client_id: grant.clientId, scope: grant.scopes.join(" "), grant_id: grant.grantId })
    .setProtectedHeader({ alg: keys.current.alg, kid: keys.current.kid, typ: "at+jwt" })
    .setIssuer(issuer)
    .setSubject(grant.subject.subject)
    .setAudience(grant.resource)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(randomUUID())
    .sign(keys.current.privateKey);
  return { token, expiresAt };
}

/**
 * One of this server's access tokens, verified (signature by any published key,
 * issuer, expiry), whatever its audience: revocation asks about tokens for any
 * resource. Undefined for anything else.
 */
export async function readOwnAccessToken(keys: SigningKeys, issuer: string, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, (header) => keyFor(keys, header.kid), {
      issuer,
      algorithms: [...new Set(keys.all.map((key) => key.alg))],
      typ: "at+jwt",
    });
    return payload;
  } catch {
    return undefined;
  }
}

/** The public key with this `kid`; an unknown `kid` is an error, so jose refuses the token. */
export function keyFor(keys: SigningKeys, kid: string | undefined): KeyObject {
  const key = keys.all.find((candidate) => candidate.kid === kid);
  if (key === undefined) throw new Error("unknown kid");
  return key.publicKey;
}
