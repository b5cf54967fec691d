/**
 * A real OAuth 2.1 authorization server for resource-server tests: `oidc-provider` 8 on a
 * loopback port, in this process, over plain http. One statically registered confidential
 * client may use the client_credentials grant; with an RFC 8707 `resource` it gets a JWT
 * access token (`typ: at+jwt`) whose `aud` is that resource, signed with a key published
 * at the `jwks_uri` of the server's discovery document.
 *
 * What a token looks like (client_credentials, so there is no end user):
 * `{ iss, aud: resource, sub: clientId, client_id: clientId, scope: "a b", jti, iat, exp }`.
 * `scope` is a space-separated string holding only the requested scopes that are among
 * `options.scopes`; others are dropped silently, not refused.
 *
 * With `interactive: true` it also signs users in for clients that register themselves
 * (RFC 7591 at `{issuer}/reg`): authorization_code with PKCE S256 and `resource`, login and
 * consent on oidc-provider's dev pages, driven without a browser by `signIn`.
 *
 * Discovery: `GET {issuer}/.well-known/openid-configuration` only. oidc-provider has no
 * route for RFC 8414 `/.well-known/oauth-authorization-server` (it answers 404).
 *
 * @example
 * ```ts
 * const as = await startAuthorizationServer({ scopes: ["notes:read"] });
 * afterAll(() => as.stop());
 * const token = await as.token({ resource: "http://127.0.0.1:9/mcp", scope: "notes:read" });
 * ```
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { Provider, errors } from "oidc-provider";

export type AccessTokenAlg = "ES256" | "RS256";

export interface AuthorizationServerOptions {
  /**
   * The resource indicators tokens may be issued for; a token request for any other one is
   * refused with `invalid_target`. Default: any absolute URI without a fragment.
   */
  readonly resources?: readonly string[];
  /** The scopes a resource server accepts; default `["mcp:read", "mcp:write"]`. */
  readonly scopes?: readonly string[];
  /** Lifetime of access tokens in seconds; default 300. */
  readonly accessTokenTtlSec?: number;
  /** Signature algorithm of JWT access tokens; default ES256. Both keys are always in the JWKS. */
  readonly alg?: AccessTokenAlg;
  /** Resources whose access tokens are opaque (checked through introspection, RFC 7662) instead of JWTs. */
  readonly opaqueResources?: readonly string[];
  /**
   * Also act as the authorization server of an interactive client (an MCP client signing a
   * user in): open Dynamic Client Registration (RFC 7591) at `{issuer}/reg`, the
   * authorization_code grant with PKCE (S256 only, always required), and oidc-provider's
   * development login and consent pages at `/interaction/:uid` (any account id, any
   * password). The access token of a code is a JWT for the `resource` the client asked for
   * (the granted one when the token request names none), `sub` = the account id.
   * Drive the pages with {@link TestAuthorizationServer.signIn}. Default false.
   */
  readonly interactive?: boolean;
  /**
   * Claims of the accounts that sign in, by account id (the `sub`): what the `email`
   * (`email`, `email_verified`), `profile` (`name`, `preferred_username`) and `groups`
   * scopes release. oidc-provider puts them in the userinfo answer, not the ID token
   * (which holds `sub` alone unless the `claims` parameter asks for more). An account
   * not listed has no claims but `sub`.
   */
  readonly accounts?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface TokenRequest {
  /** RFC 8707 resource indicator: becomes the token's `aud`. */
  readonly resource: string;
  /** Space-separated scopes; omitted means none (no `scope` claim). */
  readonly scope?: string;
}

export interface TokenResponse {
  readonly status: number;
  /** The token endpoint's JSON body: `access_token`, `expires_in`, `token_type`, `scope`, or `error`, `error_description`. */
  readonly body: Record<string, unknown>;
}

export interface TestAuthorizationServer {
  /** `http://127.0.0.1:<port>`, no trailing slash: exactly the `issuer` of discovery and the `iss` of tokens. */
  readonly issuer: string;
  /** `{issuer}/.well-known/openid-configuration` */
  readonly discoveryUrl: string;
  /** `{issuer}/jwks` (as discovery says). */
  readonly jwksUri: string;
  /** `{issuer}/token` (as discovery says). */
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The public signing keys served at `jwksUri` (one ES256, one RS256, each with `kid`, `alg`, `use: "sig"`). */
  readonly publicKeys: readonly JWK[];
  /** A JWT access token from client_credentials, `aud` = `resource`; throws on any token-endpoint error. */
  token(request: TokenRequest): Promise<string>;
  /**
   * A token WITHOUT a resource indicator: oidc-provider then issues an opaque reference
   * token (43 random characters, not a JWT). Only `scopes` named in the options are kept.
   */
  opaqueToken(scope?: string): Promise<string>;
  /** The raw token-endpoint exchange, for tests of refusals (e.g. an unknown resource: 400 `invalid_target`). */
  tokenResponse(request: Partial<TokenRequest>): Promise<TokenResponse>;
  /**
   * Only with `interactive`: plays the user agent from an authorization URL (as a client
   * built it) to the redirect back to the client: follows the issuer's redirects with its
   * cookies, logs in as `accountId` and grants consent on the dev interaction pages.
   * Returns the `Location` that leaves the issuer (the client's `redirect_uri` with `code`,
   * `state` and `iss`, or with `error`); nothing is fetched there.
   */
  signIn(authorizationUrl: URL | string, accountId: string): Promise<URL>;
  /** Closes the HTTP server (and its keep-alive connections); later calls do nothing. */
  stop(): Promise<void>;
}

const DEFAULT_SCOPES = ["mcp:read", "mcp:write"] as const;
const DEFAULT_TTL_SEC = 300;

/** The private signing key set, as oidc-provider's `jwks` option wants it. */
async function signingKeys(): Promise<{ privateKeys: JWK[]; publicKeys: JWK[] }> {
  const privateKeys: JWK[] = [];
  const publicKeys: JWK[] = [];
  for (const alg of ["ES256", "RS256"] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `test-${alg.toLowerCase()}`;
    privateKeys.push({ ...(await exportJWK(privateKey)), kid, alg, use: "sig" });
    publicKeys.push({ ...(await exportJWK(publicKey)), kid, alg, use: "sig" });
  }
  return { privateKeys, publicKeys };
}

interface Stored {
  payload: Record<string, unknown>;
  expiresAt: number | undefined;
}

/**
 * An in-memory storage adapter private to one server. oidc-provider's built-in one is a
 * module-wide LRU shared by every Provider in the process, and it prints a "development-only
 * adapter" warning; this one is neither.
 */
function memoryAdapter() {
  const storage = new Map<string, Stored>();
  const get = (key: string): Record<string, unknown> | undefined => {
    const entry = storage.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      storage.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return class TestAdapter {
    readonly #model: string;
    constructor(model: string) {
      this.#model = model;
    }
    #key(id: string): string {
      return `${this.#model}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      storage.set(this.#key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
    }
    async find(id: string): Promise<Record<string, unknown> | undefined> {
      return get(this.#key(id));
    }
    async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      for (const [key, { payload }] of storage) {
        if (key.startsWith(`${this.#model}:`) && payload["uid"] === uid) return get(key);
      }
      return undefined;
    }
    async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      for (const [key, { payload }] of storage) {
        if (key.startsWith(`${this.#model}:`) && payload["userCode"] === userCode) return get(key);
      }
      return undefined;
    }
    async consume(id: string): Promise<void> {
      const payload = get(this.#key(id));
      if (payload !== undefined) payload["consumed"] = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string): Promise<void> {
      storage.delete(this.#key(id));
    }
    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, { payload }] of storage) if (payload["grantId"] === grantId) storage.delete(key);
    }
  };
}

export async function startAuthorizationServer(options: AuthorizationServerOptions = {}): Promise<TestAuthorizationServer> {
  const scopes = [...(options.scopes ?? DEFAULT_SCOPES)];
  const accessTokenTTL = options.accessTokenTtlSec ?? DEFAULT_TTL_SEC;
  const alg = options.alg ?? "ES256";
  const allowed = options.resources === undefined ? undefined : new Set(options.resources);
  const opaque = new Set(options.opaqueResources ?? []);
  const interactive = options.interactive === true;
  const clientId = "turbomcp-test-client";
  const clientSecret = "turbomcp-test-secret-0123456789abcdef";
  const { privateKeys, publicKeys } = await signingKeys();

  // Listen first (port 0: no race for a "free" port), then build the provider for the
  // issuer that port gives and attach it; nothing knows the port before then.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    jwks: { keys: privateKeys },
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: "client_secret_basic",
        scope: scopes.join(" "),
      },
    ],
    scopes,
    // Any account id the dev login page is given exists (oidc-provider's default does too, with a warning).
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ ...options.accounts?.[sub], sub }) }),
    // The standard scopes' claims, and `groups` (released to userinfo by scope).
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
      groups: ["groups"],
    },
    // Unused without login pages, but oidc-provider warns when they are missing.
    cookies: { keys: ["turbomcp-test-cookie-key"] },
    // PKCE S256 for every authorization request (oidc-provider's default, spelled out).
    pkce: { methods: ["S256"], required: () => true },
    features: {
      // Without `interactive` only the token endpoint is used: no login pages (and no
      // "dev interactions" warning).
      devInteractions: { enabled: interactive },
      // Open registration: no initial access token (as MCP clients expect).
      registration: { enabled: interactive },
      clientCredentials: { enabled: true },
      // RFC 7662: resource servers check opaque tokens here (the test client authenticates with its secret).
      // Any authenticated client may introspect: the one test client plays the resource server too.
      introspection: { enabled: true, allowedPolicy: () => true },
      revocation: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        // An authorization code's token request without `resource` gets the granted one.
        useGrantedResource: () => interactive,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (allowed !== undefined && !allowed.has(resource)) {
            throw new errors.InvalidTarget(`unknown resource ${resource}`);
          }
          return {
            scope: scopes.join(" "),
            audience: resource,
            accessTokenTTL,
            accessTokenFormat: opaque.has(resource) ? "opaque" : "jwt",
            jwt: { sign: { alg } },
          };
        },
      },
    },
    // Explicit TTLs: the defaults print "you SHOULD change it" notices.
    ttl: {
      AccessToken: accessTokenTTL,
      ClientCredentials: accessTokenTTL,
      Grant: 600,
      Interaction: 600,
      Session: 600,
      IdToken: 600,
    },
  });
  // oidc-provider logs nothing on a 500 (only a DEBUG channel): surface it, since a
  // test that sees "server_error" needs the cause.
  provider.on("server_error", (_ctx, error) => {
    console.error("oidc-provider server_error:", error);
  });
  server.on("request", provider.callback());

  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
  const tokenEndpoint = `${issuer}/token`;
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;

  async function tokenResponse(request: Partial<TokenRequest>): Promise<TokenResponse> {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (request.resource !== undefined) form.set("resource", request.resource);
    if (request.scope !== undefined) form.set("scope", request.scope);
    const response = await fetch(tokenEndpoint, {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function accessToken(request: Partial<TokenRequest>): Promise<string> {
    const { status, body } = await tokenResponse(request);
    if (status !== 200 || typeof body["access_token"] !== "string") {
      throw new Error(`token endpoint answered ${status}: ${JSON.stringify(body)}`);
    }
    return body["access_token"];
  }

  async function signIn(authorizationUrl: URL | string, accountId: string): Promise<URL> {
    if (!interactive) throw new Error("signIn needs startAuthorizationServer({ interactive: true })");
    // A cookie jar for this one user agent. Paths are ignored: every cookie goes back to the
    // issuer (oidc-provider's names do not collide across its paths).
    const jar = new Map<string, string>();
    const send = async (url: URL, init: RequestInit = {}): Promise<Response> => {
      const headers = new Headers(init.headers);
      if (jar.size > 0) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
      const response = await fetch(url, { ...init, headers, redirect: "manual" });
      for (const line of response.headers.getSetCookie()) {
        const [pair = "", ...attributes] = line.split(";");
        const at = pair.indexOf("=");
        const name = pair.slice(0, at).trim();
        const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split("=")[1] ?? "") <= Date.now());
        if (expired) jar.delete(name);
        else jar.set(name, pair.slice(at + 1).trim());
      }
      return response;
    };
    let url = new URL(authorizationUrl);
    for (let step = 0; step < 12; step += 1) {
      if (url.origin !== issuer) return url;
      let response = await send(url);
      if (response.status === 200 && url.pathname.startsWith("/interaction/")) {
        // A dev interaction page: its form names the prompt (login or consent).
        const html = await response.text();
        const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
        const form = new URLSearchParams({ prompt: prompt ?? "" });
        if (prompt === "login") {
          form.set("login", accountId);
          form.set("password", "any");
        }
        response = await send(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
      }
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || location === null) {
        throw new Error(`sign-in stopped at ${url.href}: ${response.status} ${(await response.text()).slice(0, 500)}`);
      }
      await response.body?.cancel();
      url = new URL(location, url);
    }
    throw new Error(`sign-in did not leave the issuer (last at ${url.href})`);
  }

  let stopped: Promise<void> | undefined;
  return {
    issuer,
    discoveryUrl,
    jwksUri: `${issuer}/jwks`,
    tokenEndpoint,
    clientId,
    clientSecret,
    publicKeys,
    token: (request) => accessToken(request),
    opaqueToken: (scope) => accessToken(scope === undefined ? {} : { scope }),
    tokenResponse,
    signIn,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
