/**
 * Access, tenancy and rate-limit policies as the manifest states them. The routing
 * table carries them as data; the production pipeline (auth, tenancy, rate limits)
 * enforces them. Field defaults live once, in `schemas/manifest.schema.json`.
 * Declarative configuration, so in config/: below handlers/ (a handler's `ctx.tenant`
 * carries its `TenantPolicy`) and routing/, which both use them.
 */

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
}

/** Per tool, resource or prompt. */
export interface RoutePolicy {
  /** Scopes a caller must hold (all of them). Empty: any authenticated caller, or anyone when auth is off. */
  readonly scopes: readonly string[];
  /** Overrides the server-wide handler timeout. */
  readonly timeoutMs?: number;
  readonly rateLimit?: RateLimitPolicy;
}

interface JwtSchemeFields {
  readonly type: "jwt";
  readonly issuer?: string;
  /** Remote JSON Web Key Set, fetched and cached. */
  readonly jwksUri?: string;
  /** Name of the environment variable that holds a PEM public key or a shared secret. */
  readonly keyEnv?: string;
  readonly algorithms: readonly string[];
  readonly clockToleranceSec: number;
  /** Claim that lists the caller's scopes (space-separated string or array). */
  readonly scopeClaim: string;
}

/**
 * A JWT scheme names the `aud` its tokens must carry (RFC 8707 audience binding: a
 * token minted for another resource server must not work here), or opts out with
 * `allowAnyAudience: true`, which is unsafe unless the issuer mints tokens for this
 * server alone. Either way the choice is written down; leaving both out does not compile.
 */
export type JwtScheme = JwtSchemeFields &
  ({ readonly audience: string | readonly string[]; readonly allowAnyAudience?: boolean } | { readonly audience?: undefined; readonly allowAnyAudience: true });

export interface ApiKeyScheme {
  readonly type: "apiKey";
  /** Header that carries the key. */
  readonly header: string;
  /** Optional prefix every key starts with, e.g. `tmcp_`. */
  readonly prefix?: string;
  /** Environment variable or file with the hashed keys, their scopes and tenants. */
  readonly keysEnv?: string;
  readonly keysFile?: string;
}

export interface OAuth2Scheme {
  readonly type: "oauth2";
  /** This server's resource identifier (RFC 8707), advertised in protected-resource metadata. */
  readonly resource?: string;
  readonly authorizationServers: readonly string[];
  readonly scopesSupported?: readonly string[];
  /**
   * Opaque access tokens are checked at the authorization server's introspection
   * endpoint (RFC 7662) with this server's client credentials, read from these
   * environment variables. Without it, only JWT access tokens are accepted.
   */
  readonly introspection?: { readonly clientIdEnv: string; readonly clientSecretEnv: string };
}

export type AuthScheme = JwtScheme | ApiKeyScheme | OAuth2Scheme;

/** A client configured in the manifest (machine-to-machine callers, first-party apps), its credentials in the environment. */
export interface ConfiguredClientPolicy {
  readonly clientIdEnv: string;
  readonly clientSecretEnv: string;
  readonly grantTypes: readonly ("client_credentials" | "authorization_code" | "refresh_token")[];
  /** The scopes it may be granted; absent means any scope the server knows. */
  readonly scopes?: readonly string[];
  readonly redirectUris?: readonly string[];
  readonly name?: string;
}

/** Who signs users in: an upstream identity provider, or (development only, loopback only) the local test login. */
export type LoginPolicy =
  | { readonly provider: "test" }
  | {
      readonly provider: "oidc" | "google" | "microsoft" | "github";
      /** The OpenID Connect issuer: required for `oidc`, refused for the others. */
      readonly issuer?: string;
      /** The Entra tenant for `microsoft` (default `common`: any Microsoft account, to be narrowed by grant rules on `tid`). */
      readonly tenant?: string;
      /** Environment variables with this server's client id and secret at the provider. */
      readonly clientIdEnv: string;
      readonly clientSecretEnv: string;
      /** Scopes asked of the upstream provider. */
      readonly scopes?: readonly string[];
    };

/** Grants scopes (and a tenant) to the users whose upstream claims match; a rule without `when` matches everyone. */
export interface GrantRule {
  readonly when?: { readonly claim: string; readonly equals?: string | number | boolean; readonly includes?: string };
  readonly scopes: readonly string[];
  readonly tenant?: string;
}

/** The built-in OAuth 2.1 authorization server (`auth.authorizationServer`). */
export interface AuthorizationServerPolicy {
  /** The issuer identifier; default: the origin of the `oauth2` scheme's `resource`. */
  readonly issuer?: string;
  /** The environment variable with the signing keys (PEM or JWK/JWKS with private parts); `<NAME>_FILE` names a file instead. */
  readonly signingKeysEnv: string;
  readonly accessTokenTtlSec: number;
  readonly refreshTokenTtlSec: number;
  readonly dynamicRegistration: boolean;
  readonly clientIdMetadataDocuments: boolean;
  readonly clients?: readonly ConfiguredClientPolicy[];
  readonly login: LoginPolicy;
  readonly grants?: readonly GrantRule[];
}

export interface AuthPolicy {
  readonly schemes: readonly AuthScheme[];
  /** This server also issues the tokens its `oauth2` scheme accepts. */
  readonly authorizationServer?: AuthorizationServerPolicy;
  /** Reject unauthenticated requests (401). When false, anonymous callers see only unscoped routes. */
  readonly required: boolean;
  /** Leave routes the caller lacks scopes for out of list results. */
  readonly hideUnauthorized: boolean;
}

/** One place a tenant id can come from; `TenancyPolicy.sources` tries them in order. */
export type TenantSource =
  /** A request header (trust it behind a gateway that sets it, or with credentials that carry a tenant). */
  | { readonly type: "header"; readonly name: string }
  /** A claim of the caller's verified JWT. */
  | { readonly type: "claim"; readonly name: string }
  /** The first label of the accepted Host under `baseDomain` (`acme.api.example.com` → `acme`). */
  | { readonly type: "subdomain"; readonly baseDomain: string }
  /** The API key record's `tenant`, or a segment of the verified key (`sk_acme_…`). */
  | { readonly type: "apiKey"; readonly keySegment?: { readonly separator: string; readonly index: number } };

export interface TenantPolicy {
  /** When set, only these tools may be called or listed. */
  readonly allowedTools?: readonly string[];
  readonly deniedTools?: readonly string[];
  /** When set, only these resources and resource templates (by name) may be listed, read or subscribed to. */
  readonly allowedResources?: readonly string[];
  readonly deniedResources?: readonly string[];
  /** When set, only these prompts may be listed or got. */
  readonly allowedPrompts?: readonly string[];
  readonly deniedPrompts?: readonly string[];
  /** Requests of the tenant per window, across its callers (and instances, with Redis). */
  readonly rateLimit?: RateLimitPolicy;
  /** Requests of the tenant served at once; more are refused with 429. */
  readonly maxConcurrentRequests?: number;
}

export interface TenancyPolicy {
  /** Tried in order; the first that names a tenant wins. */
  readonly sources: readonly TenantSource[];
  /** Reject requests that carry no tenant. */
  readonly required: boolean;
  /** Applies to every tenant without an entry of its own. */
  readonly defaults: TenantPolicy;
  readonly tenants: Readonly<Record<string, TenantPolicy>>;
}

export interface ServerRateLimits {
  readonly perIp?: RateLimitPolicy;
  readonly perPrincipal?: RateLimitPolicy;
  readonly perTenant?: RateLimitPolicy;
}
