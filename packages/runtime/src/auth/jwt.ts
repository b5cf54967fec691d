/**
 * JWT bearer tokens (RFC 7519 / RFC 9068 access tokens) verified with jose: signature
 * against a local key or a cached remote JWKS, the algorithm allow-list, issuer,
 * audience, `exp`/`nbf` with clock tolerance. Failures become fixed messages; the
 * token and jose's error text never reach the client.
 */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";
import type { Principal } from "../handlers/context.js";
import { stderrLogger } from "../protocol/logger.js";
import type { JwtScheme } from "../config/policies.js";
import { bearerCredential } from "./credentials.js";
import { localKeys, remoteKeys, type JwtKeys } from "./jwt-keys.js";
import type { AuthOptions } from "./options.js";
import { ABSENT, invalid, UNRECOGNISED, type SchemeOutcome, type SchemeVerifier } from "./scheme-verifier.js";
import { scopesOf } from "./scopes.js";

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

/**
 * One JWT bearer check, shared by the `jwt` and `oauth2` schemes: the credential's
 * shape, then `verifyToken` (signature and claims), then the subject. A failure that
 * is not the token's (keys or metadata unreachable) answers 401 and is logged once
 * until verification works again.
 */
export function jwtBearerVerifier(
  where: string,
  options: AuthOptions,
  verifyToken: (token: string) => Promise<JWTPayload>,
  principal: (payload: JWTPayload, subject: string) => Principal,
): SchemeVerifier {
  const logger = options.logger ?? stderrLogger;
  let failing = false;
  return {
    async verify(request) {
      const credential = bearerCredential(request);
      if (credential.kind === "none") return ABSENT;
      if (credential.kind === "malformed") return invalid(MESSAGES.malformed, "invalid_request");
      if (!JWT_SHAPE.test(credential.value)) return UNRECOGNISED;
      let payload: JWTPayload;
      try {
        payload = await verifyToken(credential.value);
      } catch (error) {
        const fault = tokenFault(error);
        if (fault !== undefined) return fault;
        if (!failing) logger.error(`auth: ${where}: tokens cannot be verified; answering 401 until the key set is usable`, error);
        failing = true;
        return invalid(MESSAGES.unverifiable);
      }
      failing = false;
      if (typeof payload.sub !== "string" || payload.sub === "") return invalid(MESSAGES.noSubject);
      return { kind: "ok", principal: principal(payload, payload.sub) };
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
    async (token) => (await jwtVerify(token, keys.key, verifyWith)).payload,
    (payload, subject) => principalOf(payload, subject, scheme.scopeClaim, "jwt"),
  );
}
