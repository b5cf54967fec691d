/**
 * The built-in OAuth 2.1 authorization server (`auth.authorizationServer` in the
 * manifest), framework-free: each endpoint is a method taking parsed input and
 * returning what to answer. `express/authorization-server-router.ts` puts it on HTTP;
 * the `oauth2` scheme verifies its tokens through `localIssuer`, in process.
 *
 * A sign-in goes: `authorize` (check the request, remember it as pending) → the user
 * signs in (upstream provider, or the local test login) → `decide` on the consent page
 * (CSRF-checked) → a code to the client's redirect URI with `state` and `iss` → the
 * token endpoint.
 */
import { timingSafeEqual } from "node:crypto";
import type { JWTPayload } from "jose";
import { DEFAULT_OAUTH_SERVER_CODE_TTL_MS, DEFAULT_OAUTH_SERVER_PENDING_TTL_MS } from "../config/defaults.js";
import type { AuthorizationServerPolicy, ConfiguredClientPolicy, OAuth2Scheme } from "../config/policies.js";
import { isLoopbackUrl } from "../network/loopback.js";
import { checkSecureUrl } from "../network/secure-url.js";
import type { RouteTable } from "../routing/types.js";
import type { LocalIssuer } from "../auth/options.js";
import { oauth2SchemeOf } from "../auth/resource-metadata.js";
import { keyFor } from "./access-tokens.js";
import { ClientMetadataCache, ClientMetadataError, clientRecordFromDocument, isClientIdMetadataUrl } from "./client-metadata-document.js";
import { authorizationResponse, checkAuthorizationRequest, type QueryValue } from "./authorize-request.js";
import type { FormFields } from "./client-auth.js";
import { applyGrantRules } from "./grant-rules.js";
import { MemoryAuthorizationStore } from "./memory-store.js";
import { authorizationServerMetadata, authorizationServerPaths, type AuthorizationServerPaths } from "./metadata.js";
import { OAuthError } from "./oauth-error.js";
import { registerClient, registrationRecord } from "./registration.js";
import { revocationEndpoint } from "./revocation.js";
import { randomToken, secretKey, secretMatches } from "./secrets.js";
import { grantedScopes, type ServerState } from "./server-state.js";
import { loadSigningKeys } from "./signing-keys.js";
import type { AuthorizationStore, ClientRecord, GrantSubject, PendingAuthorization } from "./store.js";
import { tokenEndpoint, type TokenResponse } from "./token-endpoint.js";

/** Looks a client up by its metadata document URL (CIMD); undefined when `clientId` is not such a URL. */
export type ClientMetadataResolver = (clientId: string) => Promise<ClientRecord | undefined>;

export interface AuthorizationServerOptions {
  /** Default: in memory (one instance; lost on restart). */
  readonly store?: AuthorizationStore;
  /** Where `signingKeysEnv` and the configured clients' variables are read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Client ID Metadata Documents, when the manifest enables them; default: fetched with the SSRF guards. */
  readonly clientMetadata?: ClientMetadataResolver;
  /**
   * Tests only: fetch client metadata documents from loopback too (plain http allowed).
   * Honoured only while the issuer itself is on loopback, so a deployed server can never
   * be made to request its own machine's endpoints.
   */
  readonly allowLoopbackClientMetadata?: boolean;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/** What `authorize` decided: show an error page, send an error back to the client, or go on to sign-in with a pending request. */
export type AuthorizeOutcome =
  | { readonly kind: "error-page"; readonly error: OAuthError }
  | { readonly kind: "redirect"; readonly location: string }
  | { readonly kind: "pending"; readonly id: string; readonly pending: PendingAuthorization; readonly client: ClientRecord };

export interface ConsentView {
  readonly pending: PendingAuthorization;
  readonly client: ClientRecord;
  /** What approving would grant. */
  readonly scopes: readonly string[];
}

export interface AuthorizationServer {
  readonly issuer: string;
  readonly paths: AuthorizationServerPaths;
  readonly policy: AuthorizationServerPolicy;
  /** Whether the signing key was made up at start-up (loopback development only). */
  readonly ephemeralKeys: boolean;
  readonly localIssuer: LocalIssuer;
  metadata(): Record<string, unknown>;
  jwks(): { keys: readonly Record<string, unknown>[] };
  authorize(query: Readonly<Record<string, QueryValue>>): Promise<AuthorizeOutcome>;
  /** Keeps what the upstream login needs back at its callback (PKCE verifier, nonce, state) with a pending request; false when the request is gone. */
  keepUpstream(requestId: string, upstream: Readonly<Record<string, string>>): Promise<boolean>;
  /** What `keepUpstream` kept, removed so one upstream answer is used once; undefined when the request is gone or nothing is kept. */
  takeUpstream(requestId: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** Records who signed in for a pending request; false when the identity is refused (no grant rule admits it) or the request is gone. */
  signIn(requestId: string, subject: string, claims: Readonly<Record<string, unknown>>): Promise<boolean>;
  /** The consent page's content for a pending request, checked against its CSRF token. */
  consent(requestId: string): Promise<ConsentView | undefined>;
  /**
   * Whether the signed-in user of a pending request already approved this client for
   * this resource and at least these scopes (an upstream sign-in then skips the page).
   */
  consentRemembered(requestId: string): Promise<boolean>;
  /** The user's answer: the redirect back to the client (a code, or `access_denied`). */
  decide(requestId: string, csrf: string, approve: boolean, testLogin?: string): Promise<string>;
  token(form: FormFields, authorization: string | undefined): Promise<TokenResponse>;
  register(body: unknown): Promise<Record<string, unknown>>;
  readRegistration(clientId: string, authorization: string | undefined): Promise<Record<string, unknown>>;
  revoke(form: FormFields, authorization: string | undefined): Promise<void>;
  close(): Promise<void>;
}

/** The issuer: the manifest's, or the origin of the resource; it must be one the `oauth2` scheme trusts. */
function issuerOf(where: string, policy: AuthorizationServerPolicy, scheme: OAuth2Scheme & { readonly resource: string }): string {
  const issuer = policy.issuer ?? new URL(scheme.resource).origin;
  const url = checkSecureUrl(where, "issuer", issuer);
  if (url.search !== "" || url.hash !== "") throw new TypeError(`${where}: the issuer must have no query or fragment (RFC 8414 §2)`);
  if (!scheme.authorizationServers.includes(issuer)) {
    throw new TypeError(`${where}: the oauth2 scheme must list this server's issuer ${JSON.stringify(issuer)} in "authorizationServers"`);
  }
  return issuer;
}

/** Every scope the server can grant: the scheme's list, the entries' scopes, the rules' and the configured clients'. */
function knownScopesOf(routes: RouteTable, scheme: OAuth2Scheme, policy: AuthorizationServerPolicy): Set<string> {
  const policies = [...routes.tools.values(), ...routes.resources.values(), ...routes.resourceTemplates, ...routes.prompts.values()].map(
    (route) => route.policy,
  );
  return new Set([
    ...(scheme.scopesSupported ?? []),
    ...policies.flatMap((policy) => policy.scopes),
    ...(policy.grants ?? []).flatMap((rule) => rule.scopes),
    ...(policy.clients ?? []).flatMap((client) => client.scopes ?? []),
  ]);
}

/** The manifest's clients, their credentials read from the environment at start-up. */
function configuredClients(
  where: string,
  clients: readonly ConfiguredClientPolicy[],
  env: Readonly<Record<string, string | undefined>>,
): Map<string, ClientRecord> {
  const read = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === "") throw new TypeError(`${where}: a configured client needs the environment variable ${name}`);
    return value;
  };
  const byId = new Map<string, ClientRecord>();
  for (const client of clients) {
    const clientId = read(client.clientIdEnv);
    const secret = read(client.clientSecretEnv);
    if (secret.length < 16) throw new TypeError(`${where}: the secret in ${client.clientSecretEnv} is too short (at least 16 characters)`);
    byId.set(clientId, {
      clientId,
      secretHash: secretKey(secret),
      authMethod: "client_secret_basic",
      redirectUris: client.redirectUris ?? [],
      grantTypes: client.grantTypes,
      ...(client.scopes !== undefined && { scopes: client.scopes }),
      ...(client.name !== undefined && { name: client.name }),
      issuedAt: 0,
      metadata: {},
    });
  }
  return byId;
}

/** Clients whose id is an https URL (CIMD): their documents fetched with the SSRF guards, cached; any other id is not one. */
function metadataDocuments(allowLoopback: boolean, now: () => number): ClientMetadataResolver {
  const cache = new ClientMetadataCache({ allowLoopback });
  return async (clientId) => {
    if (!isClientIdMetadataUrl(clientId, { allowLoopback })) return undefined;
    try {
      return clientRecordFromDocument(await cache.get(clientId), Math.floor(now() / 1000));
    } catch (error) {
      if (error instanceof ClientMetadataError) throw new OAuthError(error.error, `client metadata document: ${error.message}`, 400);
      throw error;
    }
  };
}

function tenantClaimOf(routes: RouteTable): string | undefined {
  const source = routes.tenancy?.sources.find((candidate) => candidate.type === "claim");
  return source?.type === "claim" ? source.name : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Builds the server from the manifest's `auth.authorizationServer`. Mistakes
 * (no `oauth2` scheme, an issuer it does not trust, missing keys or client
 * credentials) are TypeErrors at start-up.
 */
export function createAuthorizationServer(routes: RouteTable, options: AuthorizationServerOptions = {}): AuthorizationServer {
  const where = "auth.authorizationServer";
  const policy = routes.auth?.authorizationServer;
  if (policy === undefined) throw new TypeError(`${where}: the manifest has no authorization server`);
  const scheme = oauth2SchemeOf(routes.auth);
  if (scheme === undefined) throw new TypeError(`${where}: needs an oauth2 auth scheme with a "resource" (the tokens' audience)`);
  const env = options.env ?? process.env;
  const issuer = issuerOf(where, policy, scheme);
  if (policy.login.provider !== "test" && policy.grants === undefined) {
    // Without rules every account the provider signs in (any Google or GitHub user) would get every scope.
    throw new TypeError(`${where}: a ${policy.login.provider} login needs "grants": rules saying which upstream users may sign in and with which scopes`);
  }
  const tenantClaim = tenantClaimOf(routes);
  if (policy.grants?.some((rule) => rule.tenant !== undefined) && tenantClaim === undefined) {
    throw new TypeError(`${where}: a grant rule names a tenant, but "tenants.sources" has no "claim" source to carry it`);
  }
  const keys = loadSigningKeys(where, policy.signingKeysEnv, issuer, env);
  const store: AuthorizationStore = options.store ?? new MemoryAuthorizationStore();
  const manifestClients = configuredClients(where, policy.clients ?? [], env);
  const paths = authorizationServerPaths(issuer);
  const now = options.now ?? Date.now;
  const clientMetadata = policy.clientIdMetadataDocuments
    ? (options.clientMetadata ?? metadataDocuments(options.allowLoopbackClientMetadata === true && isLoopbackUrl(issuer), now))
    : undefined;

  const lookUpClient = async (clientId: string): Promise<ClientRecord | undefined> =>
    manifestClients.get(clientId) ?? (await store.getClient(clientId)) ?? (await clientMetadata?.(clientId));

  const state: ServerState = {
    issuer,
    store,
    keys,
    resources: [scheme.resource],
    knownScopes: knownScopesOf(routes, scheme, policy),
    accessTokenTtlSec: policy.accessTokenTtlSec,
    refreshTokenTtlSec: policy.refreshTokenTtlSec,
    lookUpClient,
    now,
  };
  const registrationUri = (clientId: string): string => `${new URL(issuer).origin}${paths.register}/${encodeURIComponent(clientId)}`;
  const metadata = authorizationServerMetadata({
    issuer,
    paths,
    scopes: [...state.knownScopes],
    dynamicRegistration: policy.dynamicRegistration,
    clientIdMetadataDocuments: clientMetadata !== undefined,
    clientCredentials: [...manifestClients.values()].some((client) => client.grantTypes.includes("client_credentials")),
  });

  const localIssuer: LocalIssuer = {
    issuer,
    key: (header) => keyFor(keys, header.kid),
    algorithms: [...new Set(keys.all.map((key) => key.alg))],
    inForce: async (payload: JWTPayload) => typeof payload.grant_id === "string" && !(await store.isGrantRevoked(payload.grant_id, now())),
  };

  return {
    issuer,
    paths,
    policy,
    ephemeralKeys: keys.ephemeral,
    localIssuer,
    metadata: () => metadata,
    jwks: () => ({ keys: keys.all.map((key) => ({ ...key.jwk })) }),

    async authorize(query) {
      const checked = await checkAuthorizationRequest(query, { lookUpClient, resources: state.resources, knownScopes: state.knownScopes });
      if ("kind" in checked) {
        if (checked.kind === "page") return { kind: "error-page", error: checked.error };
        return { kind: "redirect", location: authorizationResponse(checked.redirectUri, issuer, checked.state, { error: checked.error }) };
      }
      const id = randomToken();
      const pending: PendingAuthorization = {
        clientId: checked.client.clientId,
        redirectUri: checked.redirectUri,
        ...(checked.state !== undefined && { state: checked.state }),
        codeChallenge: checked.codeChallenge,
        resource: checked.resource,
        scopes: checked.scopes,
        csrf: randomToken(),
        expiresAt: now() + DEFAULT_OAUTH_SERVER_PENDING_TTL_MS,
      };
      await store.putPending(id, pending);
      return { kind: "pending", id, pending, client: checked.client };
    },

    async keepUpstream(requestId, upstream) {
      const pending = await store.getPending(requestId, now());
      if (pending === undefined) return false;
      await store.putPending(requestId, { ...pending, upstream });
      return true;
    },

    async takeUpstream(requestId) {
      const pending = await store.getPending(requestId, now());
      if (pending?.upstream === undefined) return undefined;
      const { upstream, ...rest } = pending;
      await store.putPending(requestId, rest);
      return upstream;
    },

    async signIn(requestId, subject, claims) {
      const pending = await store.getPending(requestId, now());
      if (pending === undefined) return false;
      const granted = applyGrantRules(policy.grants, subject, claims, tenantClaim);
      if (granted === undefined) return false;
      await store.putPending(requestId, { ...pending, subject: granted });
      return true;
    },

    async consent(requestId) {
      const pending = await store.getPending(requestId, now());
      if (pending === undefined) return undefined;
      const client = await lookUpClient(pending.clientId);
      if (client === undefined) return undefined;
      return { pending, client, scopes: grantedScopes(state, pending.scopes, client, pending.subject) };
    },

    async consentRemembered(requestId) {
      const pending = await store.getPending(requestId, now());
      const client = pending === undefined ? undefined : await lookUpClient(pending.clientId);
      if (pending?.subject === undefined || client === undefined) return false;
      const consent = await store.getConsent(pending.subject.subject, client.clientId);
      if (consent === undefined || consent.resource !== pending.resource) return false;
      return grantedScopes(state, pending.scopes, client, pending.subject).every((scope) => consent.scopes.includes(scope));
    },

    async decide(requestId, csrf, approve, testLogin) {
      const pending = await store.takePending(requestId, now());
      if (pending === undefined) throw new OAuthError("invalid_request", "this sign-in has expired or was already answered; start again from the application");
      // The form must come from the page this browser was shown (double-submit token).
      if (!sameSecret(csrf, pending.csrf)) throw new OAuthError("access_denied", "the form did not come from this sign-in page");
      const reply = (outcome: { code: string } | { error: OAuthError }): string => authorizationResponse(pending.redirectUri, issuer, pending.state, outcome);
      if (!approve) return reply({ error: new OAuthError("access_denied", "the user denied the request") });
      let subject: GrantSubject | undefined = pending.subject;
      if (subject === undefined && testLogin !== undefined) subject = applyGrantRules(policy.grants, testLogin, {}, tenantClaim);
      if (subject === undefined) return reply({ error: new OAuthError("access_denied", "the user is not allowed to use this server") });
      const client = await lookUpClient(pending.clientId);
      if (client === undefined) return reply({ error: new OAuthError("unauthorized_client", "the client is no longer registered") });
      const scopes = grantedScopes(state, pending.scopes, client, subject);
      const code = randomToken();
      await store.putCode(secretKey(code), {
        clientId: pending.clientId,
        redirectUri: pending.redirectUri,
        codeChallenge: pending.codeChallenge,
        resource: pending.resource,
        scopes,
        subject,
        expiresAt: now() + DEFAULT_OAUTH_SERVER_CODE_TTL_MS,
      });
      await store.putConsent(subject.subject, client.clientId, { scopes, resource: pending.resource });
      return reply({ code });
    },

    token: (form, authorization) => tokenEndpoint(state, form, authorization),

    async register(body) {
      if (!policy.dynamicRegistration) throw new OAuthError("invalid_request", "dynamic client registration is turned off on this server", 403);
      const registration = registerClient(body, registrationUri, state.knownScopes, now());
      await store.putClient(registration.client);
      return registration.response;
    },

    async readRegistration(clientId, authorization) {
      const token = /^bearer /i.test(authorization ?? "") ? (authorization as string).slice(7).trim() : undefined;
      const client = await store.getClient(clientId);
      // One answer for an unknown client and a wrong token (RFC 7592 §2.1), so ids cannot be probed.
      if (token === undefined || client?.registrationTokenHash === undefined || !secretMatches(token, client.registrationTokenHash)) {
        throw new OAuthError("invalid_token", "the registration access token is not valid for this client");
      }
      return registrationRecord(client, registrationUri(clientId));
    },

    revoke: (form, authorization) => revocationEndpoint(state, form, authorization),

    async close() {
      await store.close?.();
    },
  };
}
