/**
 * Where each upstream identity provider of `auth.authorizationServer.login` lives and
 * what is asked of it, resolved from the manifest at start-up without any network:
 *
 * - `oidc`: any OpenID Connect provider, discovered from `issuer` (https; plain http on
 *   loopback only, for tests and local providers);
 * - `google`: OpenID Connect at Google's issuer;
 * - `microsoft`: OpenID Connect at Entra ID, `https://login.microsoftonline.com/{tenant}/v2.0`,
 *   `tenant` a tenant id, a verified domain, or `common` (the default), `organizations` or
 *   `consumers`. Those three discover the issuer `https://login.microsoftonline.com/{tenantid}/v2.0`,
 *   a template rather than an issuer: each ID token must then carry the issuer of its own
 *   `tid` (openid-client checks it that way). Any Microsoft account may sign in there, so
 *   grant rules should name the tenants let in (the `tid` claim);
 * - `github`: GitHub's OAuth apps (not OpenID Connect), at github.com or at the endpoints given.
 *
 * The client credentials come from the environment variables the manifest names; a
 * missing one stops the server at start-up.
 */
import { DEFAULT_OAUTH_SERVER_GITHUB_SCOPES, DEFAULT_OAUTH_SERVER_UPSTREAM_SCOPES } from "../config/defaults.js";
import type { LoginPolicy } from "../config/policies.js";
import { checkSecureUrl } from "../network/secure-url.js";

const WHERE = "auth.authorizationServer.login";

/** A login at an upstream identity provider (every login but the local test login). */
export type UpstreamLoginPolicy = Exclude<LoginPolicy, { readonly provider: "test" }>;

/** Where GitHub's OAuth endpoints and user API are: github.com's, those of a GitHub Enterprise Server, or a stand-in in tests. */
export interface GitHubEndpoints {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly userProfileUrl: string;
  readonly userEmailUrl: string;
}

export const GOOGLE_ISSUER = "https://accounts.google.com";
export const MICROSOFT_LOGIN_ORIGIN = "https://login.microsoftonline.com";
export const GITHUB_ENDPOINTS: GitHubEndpoints = {
  authorizationUrl: "https://github.com/login/oauth/authorize",
  tokenUrl: "https://github.com/login/oauth/access_token",
  userProfileUrl: "https://api.github.com/user",
  userEmailUrl: "https://api.github.com/user/emails",
};

/** The Entra ID tenants any account signs in at (work or school, personal, or both). */
const MICROSOFT_SHARED_TENANTS = new Set(["common", "organizations", "consumers"]);
/** A tenant id (GUID), a domain name, or one of the shared tenants: nothing that could change the URL's path. */
const MICROSOFT_TENANT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)$/i;

interface CommonSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Scopes asked of the provider. */
  readonly scopes: readonly string[];
  /** This server's redirect URI at the provider (`{issuer origin}{paths.callback}`). */
  readonly callbackUrl: string;
  /** The packages the login loads (optional peer dependencies of the runtime). */
  readonly packages: readonly string[];
}

export type UpstreamSettings =
  | (CommonSettings & {
      readonly kind: "oidc";
      readonly provider: "oidc" | "google" | "microsoft";
      /** The issuer to discover (`{issuer}/.well-known/openid-configuration`). */
      readonly issuer: URL;
      /** Whether any account of the provider can sign in (Entra ID's shared tenants). */
      readonly sharedTenant: boolean;
    })
  | (CommonSettings & { readonly kind: "github"; readonly provider: "github"; readonly endpoints: GitHubEndpoints });

export interface UpstreamSettingsOptions {
  readonly callbackUrl: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** GitHub's endpoints, each https (plain http on loopback only); default github.com's. */
  readonly githubEndpoints?: Partial<GitHubEndpoints>;
}

function readEnv(env: Readonly<Record<string, string | undefined>>, name: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === "")
    throw new TypeError(`${WHERE}: the upstream ${what} is read from the environment variable ${name}, which is not set`);
  return value;
}

/** OpenID Connect needs `openid`; it is asked first whatever the manifest lists. */
function oidcScopes(scopes: readonly string[] | undefined): string[] {
  return [...new Set(["openid", ...(scopes ?? DEFAULT_OAUTH_SERVER_UPSTREAM_SCOPES)])];
}

/**
 * The provider's settings for `login`. TypeErrors for a missing variable, an issuer
 * that is not https (or http on loopback), a malformed tenant, or an option the
 * provider does not take.
 */
export function upstreamSettings(login: UpstreamLoginPolicy, options: UpstreamSettingsOptions): UpstreamSettings {
  const { provider } = login;
  if (login.issuer !== undefined && provider !== "oidc") {
    throw new TypeError(`${WHERE}: "issuer" is for the oidc provider; the ${provider} provider's is fixed (use provider "oidc" for another one)`);
  }
  if (login.tenant !== undefined && provider !== "microsoft") throw new TypeError(`${WHERE}: "tenant" is for the microsoft provider only`);
  const common = {
    clientId: readEnv(options.env, login.clientIdEnv, "client id"),
    clientSecret: readEnv(options.env, login.clientSecretEnv, "client secret"),
    callbackUrl: options.callbackUrl,
  };
  switch (provider) {
    case "oidc": {
      if (login.issuer === undefined) throw new TypeError(`${WHERE}: the oidc provider needs its "issuer"`);
      const issuer = checkSecureUrl(WHERE, "issuer", login.issuer);
      if (issuer.search !== "" || issuer.hash !== "") throw new TypeError(`${WHERE}: the issuer must have no query or fragment`);
      return { ...common, kind: "oidc", provider, issuer, sharedTenant: false, scopes: oidcScopes(login.scopes), packages: ["openid-client"] };
    }
    case "google":
      return {
        ...common,
        kind: "oidc",
        provider,
        issuer: new URL(GOOGLE_ISSUER),
        sharedTenant: false,
        scopes: oidcScopes(login.scopes),
        packages: ["openid-client"],
      };
    case "microsoft": {
      const tenant = login.tenant ?? "common";
      if (!MICROSOFT_TENANT.test(tenant)) {
        throw new TypeError(`${WHERE}: "tenant" ${JSON.stringify(tenant)} is not an Entra ID tenant (an id, a domain, or common, organizations or consumers)`);
      }
      return {
        ...common,
        kind: "oidc",
        provider,
        issuer: new URL(`${MICROSOFT_LOGIN_ORIGIN}/${tenant.toLowerCase()}/v2.0`),
        sharedTenant: MICROSOFT_SHARED_TENANTS.has(tenant.toLowerCase()),
        scopes: oidcScopes(login.scopes),
        packages: ["openid-client"],
      };
    }
    case "github": {
      const endpoints = { ...GITHUB_ENDPOINTS, ...options.githubEndpoints };
      for (const [name, url] of Object.entries(endpoints)) checkSecureUrl(WHERE, `GitHub's ${name}`, url);
      return {
        ...common,
        kind: "github",
        provider,
        endpoints,
        scopes: [...(login.scopes ?? DEFAULT_OAUTH_SERVER_GITHUB_SCOPES)],
        packages: ["passport-github2"],
      };
    }
  }
}

/** Who signed in upstream: the provider's subject, and the claims passed on to grant rules and access tokens. */
export interface UpstreamIdentity {
  readonly subject: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** Claims passed on from every OpenID Connect provider (when present), then each provider's own. */
const OIDC_CLAIMS = ["name", "preferred_username", "groups", "roles"] as const;
const PROVIDER_CLAIMS: Readonly<Record<"oidc" | "google" | "microsoft", readonly string[]>> = {
  oidc: [],
  // The Google Workspace domain of the account: a grant rule can let one organisation in.
  google: ["hd"],
  // The account's tenant and its object id there: with a shared tenant, rules should name the tenants let in.
  microsoft: ["tid", "oid"],
};

/** A claim value worth carrying into a token: a string, number, boolean, or a list of strings. */
function plain(value: unknown): value is string | number | boolean | string[] {
  if (Array.isArray(value)) return value.every((item) => typeof item === "string");
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/**
 * The identity in an OpenID Connect provider's claims (the ID token's, with userinfo's
 * where the ID token has none): the subject is `sub`. Only a few claims are passed on,
 * never the token's own (`nonce`, `aud`, …). `email` is passed on only when the provider
 * vouches for it (`email_verified`; Entra ID's `xms_edov`, since its `email` is whatever
 * a tenant's administrator typed), so a grant rule on an email address cannot be met
 * with an address someone merely claims.
 */
export function oidcIdentity(provider: "oidc" | "google" | "microsoft", claims: Readonly<Record<string, unknown>>): UpstreamIdentity {
  const subject = claims.sub;
  if (typeof subject !== "string" || subject === "") throw new TypeError(`the ${provider} provider's ID token has no subject`);
  const passed: Record<string, unknown> = {};
  for (const name of [...OIDC_CLAIMS, ...PROVIDER_CLAIMS[provider]]) {
    const value = claims[name];
    if (plain(value)) passed[name] = value;
  }
  const verified = provider === "microsoft" ? isTrue(claims.xms_edov) : isTrue(claims.email_verified);
  if (typeof claims.email === "string" && claims.email !== "") {
    passed.email_verified = verified;
    if (verified) passed.email = claims.email;
  }
  return { subject, claims: passed };
}

/** What passport-github2 makes of GitHub's user (with `allRawEmails`: every address, with `primary` and `verified`). */
export interface GitHubProfile {
  readonly id: string;
  readonly username?: string;
  readonly displayName?: string | null;
  readonly emails?: readonly { readonly value: string; readonly primary?: boolean; readonly verified?: boolean }[];
}

/** The identity of a GitHub user: the numeric id as subject (a login can be renamed), `login`, `name`, and the primary email if verified. */
export function githubIdentity(profile: GitHubProfile): UpstreamIdentity {
  const subject = String(profile.id);
  if (!/^\d+$/.test(subject)) throw new TypeError("GitHub's user has no id");
  const email = profile.emails?.find((candidate) => candidate.primary === true && candidate.verified === true)?.value;
  return {
    subject,
    claims: {
      ...(typeof profile.username === "string" && { login: profile.username }),
      ...(typeof profile.displayName === "string" && profile.displayName !== "" && { name: profile.displayName }),
      ...(email !== undefined && { email, email_verified: true }),
    },
  };
}
