/**
 * Options of `createAuthenticator`: where secrets are read from, how remote key sets
 * are cached, and how challenges look. The manifest's `auth` block says which schemes;
 * these say how this process runs them. Defaults live in `config/defaults.ts`.
 */
import type { JWTPayload, JWTVerifyGetKey } from "jose";
import type { ServerLogger } from "../protocol/logger.js";
import type { OAuth2Scheme } from "../config/policies.js";
import type { ChallengeOptions } from "./challenge.js";
import type { SchemeVerifier } from "./scheme-verifier.js";

export interface JwksOptions {
  /** Refetch the key set after this long; default `DEFAULT_JWKS_CACHE_MAX_AGE_MS`. */
  readonly cacheMaxAgeMs?: number;
  /** An unknown `kid` refetches at most this often; default `DEFAULT_JWKS_COOLDOWN_MS`. */
  readonly cooldownMs?: number;
  /** Give up on a fetch after this long; default `DEFAULT_JWKS_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

/**
 * An authorization server in this process (the built-in one): the `oauth2` scheme
 * verifies its tokens with its keys directly, with no discovery over HTTP, and asks it
 * on every request whether the token's grant is still in force (revocation).
 */
export interface LocalIssuer {
  readonly issuer: string;
  /** The verification key for a token's protected header (its `kid`). */
  readonly key: JWTVerifyGetKey;
  readonly algorithms: readonly string[];
  /** False once the token's grant has been revoked. */
  readonly inForce: (payload: JWTPayload) => Promise<boolean>;
}

export interface JwtCacheOptions {
  /** A verified token is reused for this long at most, and never past its `exp`; default `DEFAULT_JWT_CACHE_MAX_AGE_MS`; 0 turns the cache off. */
  readonly maxAgeMs?: number;
  /** Tokens cached per scheme, the oldest dropped first; default `DEFAULT_JWT_CACHE_SIZE`. */
  readonly maxEntries?: number;
}

export interface AuthOptions extends ChallengeOptions {
  /**
   * The built-in authorization server, when the manifest has `auth.authorizationServer`:
   * required then (createMcpApp and runMain pass it), so its tokens are checked with its
   * own keys and revocations.
   */
  readonly localIssuer?: LocalIssuer;
  /** Where `keyEnv` and `keysEnv` are looked up; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder a relative `keysFile` is resolved against; default `process.cwd()`. */
  readonly cwd?: string;
  readonly jwks?: JwksOptions;
  /**
   * Each `jwt` and `oauth2` scheme remembers the tokens it verified, by a hash of the
   * token, so that a client sending the same token again costs no signature check.
   * Only successes are cached, and a token is not cached before its `nbf`.
   */
  readonly jwtCache?: JwtCacheOptions;
  /** The clock, milliseconds since the epoch: token lifetimes and cache deadlines; default `Date.now`. For tests. */
  readonly now?: () => number;
  /** Operational problems (an unreachable JWKS); never sees a credential. Default: stderr. */
  readonly logger?: ServerLogger;
  /**
   * Reads a tenant id out of a verified API key (`sk_acme_…`), for keys whose record
   * names none; the tenancy layer builds it from the manifest's `apiKey` tenant source.
   */
  readonly tenantOfApiKey?: (key: string) => string | undefined;
  /**
   * Verifiers that replace a built-in one: `oauth2` verifies JWT access tokens from the
   * manifest's authorization servers; give your own for opaque tokens or another format.
   */
  readonly verifiers?: { readonly oauth2?: (scheme: OAuth2Scheme) => SchemeVerifier };
}
