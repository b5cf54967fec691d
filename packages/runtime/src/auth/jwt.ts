/**
 * JWT bearer tokens (RFC 7519 / RFC 9068 access tokens) verified with jose: signature
 * against a local key or a cached remote JWKS, the algorithm allow-list, issuer,
 * audience, `exp`/`nbf` with clock tolerance. Failures become fixed messages; the
 * token and jose's error text never reach the client. A verified token is cached per
 * scheme (by its hash, until its `exp` and at most a minute by default), so a client
 * that sends the same token with every request pays for one signature check.
 */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";
import type { Principal } from "../handlers/context.js";
import { stderrLogger } from "../protocol/logger.js";
import { DEFAULT_JWT_CACHE_MAX_AGE_MS, DEFAULT_JWT_CACHE_SIZE } from "../config/defaults.js";
import type { JwtScheme } from "../config/policies.js";
import { bearerCredential } from "./credentials.js";
import { duration, localKeys, remoteKeys, type JwtKeys } from "./jwt-keys.js";
import type { AuthOptions } from "./options.js";
import { ABSENT, invalid, UNRECOGNISED, type SchemeOutcome, type SchemeVerifier } from "./scheme-verifier.js";
import { scopesOf } from "./scopes.js";
import { TokenCache } from "./token-cache.js";

/** Three base64url segments; an empty signature (`alg: none`) still counts, so it is refused rather than passed on. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const MESSAGES = {
  malformed: "The Authorization header is malformed",
  invalid: "The access token is invalid",
  expired: "The access token has expired",
  notYetValid: "The access token is not yet valid",
  notForUs: "The access token was not issued for this server",
  noSubject: "The access token has no subject",
  unverifiable: "The access token could not be verified",
} as const;

/** jose failures that are the token's fault; anything else is the key set's (unreachable, timed out, not JSON). */
function tokenFault(error: unknown): SchemeOutcome | undefined {
  if (error instanceof errors.JWTExpired) return invalid(MESSAGES.expired);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return invalid(MESSAGES.notYetValid);
    if (error.claim === "iss" || error.claim === "aud") return invalid(MESSAGES.notForUs);
    return invalid(MESSAGES.invalid);
  }
  const tokenErrors = [
    errors.JWSSignatureVerificationFailed,
    errors.JOSEAlgNotAllowed,
    errors.JOSENotSupported,
    errors.JWSInvalid,
    errors.JWTInvalid,
    errors.JWKSNoMatchingKey,
    errors.JWKSMultipleMatchingKeys,
  ];
  return tokenErrors.some((kind) => error instanceof kind) ? invalid(MESSAGES.invalid) : undefined;
}

function keysOf(where: string, scheme: JwtScheme, options: AuthOptions): JwtKeys {
  if (scheme.jwksUri !== undefined && scheme.keyEnv !== undefined) throw new TypeError(`${where}: set "jwksUri" or "keyEnv", not both`);
  if (scheme.jwksUri !== undefined) return remoteKeys(where, scheme.jwksUri, scheme.algorithms, options.jwks ?? {});
  if (scheme.keyEnv !== undefined) return localKeys(where, scheme.keyEnv, options.env ?? process.env, scheme.algorithms);
  throw new TypeError(`${where}: a jwt scheme needs "jwksUri" or "keyEnv" to verify tokens`);
}

/**
 * RFC 8707 audience binding: without an `aud` check, a token the issuer minted for
 * any other resource server (another team's API, a compromised one) is accepted
 * here too. So a scheme must name its audience, or opt out in writing.
 */
function audienceOf(where: string, scheme: JwtScheme): string | string[] | undefined {
  const audience: unknown = scheme.audience;
  const anyAudience: unknown = scheme.allowAnyAudience;
  if (anyAudience !== undefined && typeof anyAudience !== "boolean") throw new TypeError(`${where}: "allowAnyAudience" must be true or false`);
  if (audience === undefined) {
    if (anyAudience === true) return undefined;
    throw new TypeError(
      `${where}: "audience" is required, so that tokens minted for other servers are refused (RFC 8707); "allowAnyAudience": true accepts any audience (unsafe)`,
    );
  }
  if (typeof audience === "string" && audience !== "") return audience;
  if (Array.isArray(audience) && audience.length > 0 && audience.every((value): value is string => typeof value === "string" && value !== ""))
    return [...audience];
  throw new TypeError(`${where}: "audience" must be a non-empty string or a non-empty list of them`);
}

function verifyOptions(where: string, scheme: JwtScheme, keys: JwtKeys): JWTVerifyOptions {
  const tolerance = scheme.clockToleranceSec;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new TypeError(`${where}: "clockToleranceSec" must be 0 or more`);
  if (typeof scheme.scopeClaim !== "string" || scheme.scopeClaim === "") throw new TypeError(`${where}: "scopeClaim" must name a claim`);
  const audience = audienceOf(where, scheme);
  return {
    algorithms: [...keys.algorithms],
    clockTolerance: tolerance,
    // A token that never expires is a password that cannot be revoked; one without `sub` names nobody.
    requiredClaims: ["exp", "sub"],
    ...(scheme.issuer === undefined ? {} : { issuer: scheme.issuer }),
    ...(audience === undefined ? {} : { audience }),
  };
}

/** The principal of a verified token: scheme + issuer + subject, its scopes and claims. */
export function principalOf(payload: JWTPayload, subject: string, scopeClaim: string, scheme: string): Principal {
  return Object.freeze({
    subject,
    scopes: Object.freeze(scopesOf(payload[scopeClaim])),
    scheme,
    // Part of the identity: the same `sub` from two issuers is two callers.
    issuer: typeof payload.iss === "string" ? payload.iss : "",
    claims: Object.freeze({ ...payload }),
  });
}

interface VerifiedTokens {
  readonly tokens: TokenCache;
  readonly maxAgeMs: number;
}

/** The cache of one scheme's verified tokens, or undefined when `jwtCache.maxAgeMs` is 0. */
function verifiedTokens(where: string, options: AuthOptions): VerifiedTokens | undefined {
  const maxAgeMs = duration(where, "jwtCache.maxAgeMs", options.jwtCache?.maxAgeMs, DEFAULT_JWT_CACHE_MAX_AGE_MS);
  const maxEntries = options.jwtCache?.maxEntries ?? DEFAULT_JWT_CACHE_SIZE;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new TypeError(`${where}: jwtCache.maxEntries must be a whole number of 1 or more`);
  return maxAgeMs === 0 ? undefined : { tokens: new TokenCache(maxEntries), maxAgeMs };
}

/**
 * How long a token verified at `now` may be taken from the cache: until its `exp`
 * (without the clock tolerance), at most `maxAgeMs`. Undefined, not cached, for a token
 * without `exp`, one past it (accepted within the tolerance), or one before its `nbf`
 * (accepted within the tolerance): each request checks those again.
 */
function cacheUntil(payload: JWTPayload, now: number, maxAgeMs: number): number | undefined {
  if (typeof payload.exp !== "number") return undefined;
  if (typeof payload.nbf === "number" && payload.nbf * 1000 > now) return undefined;
  const until = Math.min(payload.exp * 1000, now + maxAgeMs);
  return until > now ? until : undefined;
}

/**
 * One JWT bearer check, shared by the `jwt` and `oauth2` schemes: the credential's
 * shape, then the scheme's cache of verified tokens, then `verifyToken` (signature and
 * claims, as of `now`), then the subject. A failure that is not the token's (keys or
 * metadata unreachable) answers 401 and is logged once until verification works again.
 * Only accepted tokens are cached, so a refused one is checked again each time.
 */
export function jwtBearerVerifier(
  where: string,
  options: AuthOptions,
  verifyToken: (token: string, now: number) => Promise<JWTPayload>,
  principal: (payload: JWTPayload, subject: string) => Principal,
): SchemeVerifier {
  const logger = options.logger ?? stderrLogger;
  const clock = options.now ?? Date.now;
  const cache = verifiedTokens(where, options);
  let failing = false;
  return {
    async verify(request) {
      const credential = bearerCredential(request);
      if (credential.kind === "none") return ABSENT;
      if (credential.kind === "malformed") return invalid(MESSAGES.malformed, "invalid_request");
      if (!JWT_SHAPE.test(credential.value)) return UNRECOGNISED;
      const now = clock();
      const key = cache === undefined ? undefined : TokenCache.keyOf(credential.value);
      const cached = key === undefined ? undefined : cache?.tokens.get(key, now);
      if (cached !== undefined) return { kind: "ok", principal: cached };
      let payload: JWTPayload;
      try {
        payload = await verifyToken(credential.value, now);
      } catch (error) {
        const fault = tokenFault(error);
        if (fault !== undefined) return fault;
        if (!failing) logger.error(`auth: ${where}: tokens cannot be verified; answering 401 until the key set is usable`, error);
        failing = true;
        return invalid(MESSAGES.unverifiable);
      }
      failing = false;
      if (typeof payload.sub !== "string" || payload.sub === "") return invalid(MESSAGES.noSubject);
      const verified = principal(payload, payload.sub);
      if (cache !== undefined && key !== undefined) {
        const until = cacheUntil(payload, now, cache.maxAgeMs);
        if (until !== undefined) cache.tokens.set(key, verified, until);
      }
      return { kind: "ok", principal: verified };
    },
  };
}

/** The verifier for one `jwt` scheme of the manifest; throws a TypeError for bad configuration. */
export function createJwtVerifier(scheme: JwtScheme, where: string, options: AuthOptions): SchemeVerifier {
  const keys = keysOf(where, scheme, options);
  const verifyWith = verifyOptions(where, scheme, keys);
  return jwtBearerVerifier(
    where,
    options,
    async (token, now) => (await jwtVerify(token, keys.key, { ...verifyWith, currentDate: new Date(now) })).payload,
    (payload, subject) => principalOf(payload, subject, scheme.scopeClaim, "jwt"),
  );
}
