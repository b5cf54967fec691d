/**
 * Options of `createAuthenticator`: where secrets are read from, how remote key sets
 * are cached, and how challenges look. The manifest's `auth` block says which schemes;
 * these say how this process runs them. Defaults live in `config/defaults.ts`.
 */
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

export interface JwtCacheOptions {
  /** A verified token is reused for this long at most, and never past its `exp`; default `DEFAULT_JWT_CACHE_MAX_AGE_MS`; 0 turns the cache off. */
  readonly maxAgeMs?: number;
  /** Tokens cached per scheme, the oldest dropped first; default `DEFAULT_JWT_CACHE_SIZE`. */
  readonly maxEntries?: number;
}

export interface AuthOptions extends ChallengeOptions {
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
