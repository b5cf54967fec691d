/**
 * Signing in at an upstream identity provider, over real HTTP on loopback. The OpenID
 * Connect provider is a real one (oidc-provider, test/helpers/oidc-provider.ts) with
 * this server registered as its confidential client: the whole chain from an MCP
 * client's /authorize through the provider's login to our callback, consent page,
 * code, token and a tool call as the provider's user; grant rules on the provider's
 * claims; and the refusals (a forged or replayed state, a callback in another browser).
 * GitHub (not OpenID Connect) runs against a loopback stand-in for its OAuth endpoints
 * and user API. Google's and Entra ID's settings are checked without any network.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createMcpApp, createUpstreamLogin, type McpApp } from "../../../packages/runtime/src/entries/express.js";
import type { AuthorizationServerPolicy, GrantRule, LoginPolicy } from "../../../packages/runtime/src/index.js";
import { createAuthorizationServer } from "../../../packages/runtime/src/oauth-server/authorization-server.js";
import { githubIdentity, oidcIdentity, upstreamSettings } from "../../../packages/runtime/src/oauth-server/upstream-providers.js";
import { requireInstalled } from "../../../packages/runtime/src/express/upstream-login.js";
import { startAuthorizationServer, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";
import { closeApp, listening } from "../auth/oauth2-kit.js";
import { authorizationUrl, builtInRoutes, callTool, pkce, quiet, register, tokenRequest } from "./kit.js";

const ACCOUNTS = {
  alice: { email: "alice@example.com", email_verified: true, name: "Alice", groups: ["staff"] },
  bob: { email: "bob@example.com", email_verified: true, name: "Bob", groups: ["guests"] },
  // Claims alice's address without the provider vouching for it.
  mallory: { email: "alice@example.com", email_verified: false, name: "Mallory", groups: ["guests"] },
};

const ENV_ID = "UPSTREAM_TEST_CLIENT_ID";
const ENV_SECRET = "UPSTREAM_TEST_CLIENT_SECRET";
/** The client credentials at the stand-ins (GitHub, Entra ID); at the real provider, those it registered. */
const CLIENT_ID = "upstream-client";
const CLIENT_SECRET = "upstream-secret-0123456789";

let provider: TestAuthorizationServer;

beforeAll(async () => {
  provider = await startAuthorizationServer({ interactive: true, accounts: ACCOUNTS });
});

afterAll(async () => {
  await provider.stop();
});

interface Upstreamed {
  readonly app: McpApp;
  readonly http: Server;
  readonly base: string;
  readonly resource: string;
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

const running: Upstreamed[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  vi.unstubAllEnvs();
});

/** Registers a confidential client at the provider (RFC 7591), its redirect URI our callback. */
async function registerAtProvider(callback: string): Promise<{ clientId: string; clientSecret: string }> {
  const response = await fetch(`${provider.issuer}/reg`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_name: "turbomcp upstream test",
      redirect_uris: [callback],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    }),
  });
  const body = (await response.json()) as Record<string, string>;
  if (response.status !== 201) throw new Error(`registration at the provider failed: ${response.status} ${JSON.stringify(body)}`);
  return { clientId: body.client_id as string, clientSecret: body.client_secret as string };
}

const OIDC_LOGIN: LoginPolicy = {
  provider: "oidc",
  issuer: "",
  clientIdEnv: ENV_ID,
  clientSecretEnv: ENV_SECRET,
  scopes: ["openid", "email", "profile", "groups"],
};

/** Our server, signing users in at `login` (the test provider by default), registered there first. */
/** Every account the provider signs in gets both scopes: the tests' default rule (an upstream login must have rules). */
const EVERYONE: GrantRule[] = [{ scopes: ["mcp:read", "mcp:write"] }];

async function startUpstreamed(
  policy: Partial<AuthorizationServerPolicy> = {},
  build: "explicit" | "default" = "explicit",
  githubEndpoints?: Record<string, string>,
): Promise<Upstreamed> {
  const { http, base } = await listening();
  const login = policy.login ?? { ...OIDC_LOGIN, issuer: provider.issuer };
  let env: Record<string, string> = { [ENV_ID]: CLIENT_ID, [ENV_SECRET]: CLIENT_SECRET };
  if (login.provider === "oidc") {
    const registered = await registerAtProvider(`${base}/oauth/callback`);
    env = { [ENV_ID]: registered.clientId, [ENV_SECRET]: registered.clientSecret };
  }
  const routes = builtInRoutes(base, { grants: EVERYONE, ...policy, login });
  let app: McpApp;
  if (build === "default") {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    app = createMcpApp(routes, { logger: quiet });
  } else {
    const authorizationServer = createAuthorizationServer(routes);
    const upstreamLogin = createUpstreamLogin(authorizationServer, { env, logger: quiet, ...(githubEndpoints !== undefined && { githubEndpoints }) });
    app = createMcpApp(routes, { logger: quiet, authorizationServer, upstreamLogin });
  }
  http.on("request", app);
  const server = { app, http, base, resource: `${base}/mcp`, env, close: () => closeApp(http, app) };
  running.push(server);
  return server;
}

interface Started {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly verifier: string;
  /** Where /authorize sent the browser: the provider's authorization endpoint. */
  readonly upstream: URL;
  /** The browser-binding cookie /authorize set (`name=value`). */
  readonly cookie: string;
}

/** An MCP client registers and opens /authorize; the browser is sent to the provider. */
async function startSignIn(server: Upstreamed, scope?: string, registered?: string): Promise<Started> {
  const redirectUri = "http://127.0.0.1:9/callback";
  const clientId =
    registered ??
    (await register(server.base, { client_name: "MCP client", redirect_uris: [redirectUri], token_endpoint_auth_method: "none" })).client_id ??
    "";
  const { verifier, challenge } = pkce();
  const opened = await fetch(
    authorizationUrl(server.base, {
      response_type: "code",
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "client-state",
      resource: server.resource,
      ...(scope !== undefined && { scope }),
    }),
    { redirect: "manual" },
  );
  const location = opened.headers.get("location");
  if (opened.status !== 302 || location === null) throw new Error(`authorize answered ${opened.status}: ${await opened.text()}`);
  const cookie = (opened.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { clientId, redirectUri, verifier, upstream: new URL(location), cookie };
}

/** The browser back at our callback, with or without its cookie: the page it is shown. */
async function openCallback(callback: URL | string, cookie: string | undefined): Promise<{ status: number; page: string; headers: Headers }> {
  const response = await fetch(callback, { redirect: "manual", headers: cookie === undefined ? {} : { cookie } });
  return { status: response.status, page: await response.text(), headers: response.headers };
}

function hidden(page: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
  if (value === undefined) throw new Error(`no ${name} field on the page: ${page.slice(0, 400)}`);
  return value;
}

/** Approves the consent page and redeems the code: the token response. */
async function approveAndRedeem(server: Upstreamed, started: Started, page: string): Promise<Record<string, unknown>> {
  const answered = await fetch(`${server.base}/oauth/authorize/decision`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: started.cookie },
    body: new URLSearchParams({ request: hidden(page, "request"), csrf: hidden(page, "csrf"), decision: "approve" }).toString(),
  });
  const location = new URL(answered.headers.get("location") ?? "");
  expect(location.origin + location.pathname).toBe(started.redirectUri);
  expect(location.searchParams.get("state")).toBe("client-state");
  const code = location.searchParams.get("code");
  if (code === null) throw new Error(`no code in ${location.href}`);
  const { status, body } = await tokenRequest(server.base, {
    grant_type: "authorization_code",
    code,
    redirect_uri: started.redirectUri,
    code_verifier: started.verifier,
    client_id: started.clientId,
    resource: server.resource,
  });
  expect(status).toBe(200);
  return body;
}

describe("OpenID Connect (a real provider on loopback)", () => {
  it("signs an MCP client's user in at the provider: authorize, provider login, callback, consent, code, token, tool call as that user", async () => {
    const server = await startUpstreamed();
    const started = await startSignIn(server, "mcp:read");
    // To the provider's authorization endpoint, as our registered client, with PKCE S256, state and nonce.
    expect(started.upstream.origin).toBe(provider.issuer);
    const asked = started.upstream.searchParams;
    expect(asked.get("client_id")).toBe(server.env[ENV_ID]);
    expect(asked.get("redirect_uri")).toBe(`${server.base}/oauth/callback`);
    expect(asked.get("response_type")).toBe("code");
    expect(asked.get("code_challenge_method")).toBe("S256");
    expect(asked.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(asked.get("nonce")).toMatch(/^[\w-]{20,}$/);
    expect(asked.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(asked.get("scope")?.split(" ")).toEqual(["openid", "email", "profile", "groups"]);
    // The binding cookie is set on the way out, for our /oauth paths only.
    expect(started.cookie).toMatch(/^tmcp_oauth_/);

    const callback = await provider.signIn(started.upstream, "alice");
    expect(callback.origin + callback.pathname).toBe(`${server.base}/oauth/callback`);
    expect(callback.searchParams.get("state")).toBe(asked.get("state"));
    const consent = await openCallback(callback, started.cookie);
    expect(consent.status).toBe(200);
    expect(consent.page).toContain("Signed in as <strong>alice@example.com</strong>");
    expect(consent.page).toContain("<code>mcp:read</code>");

    const tokens = await approveAndRedeem(server, started, consent.page);
    expect(tokens.scope).toBe("mcp:read");
    const claims = decodeJwt(tokens.access_token as string);
    expect(claims).toMatchObject({ iss: server.base, sub: "alice", aud: server.resource, email: "alice@example.com", email_verified: true, name: "Alice" });
    expect(claims.groups).toEqual(["staff"]);
    // Nothing of the provider's own tokens comes along.
    expect(claims).not.toHaveProperty("nonce");
    expect(claims).not.toHaveProperty("at_hash");
    const call = await callTool(server.resource, tokens.access_token as string);
    expect(call.status).toBe(200);
    expect(JSON.stringify(call.body)).toContain("oauth2:alice");
  });

  it("remembers the user's consent: the same client asking again for no more scopes gets its code without the page", async () => {
    const server = await startUpstreamed();
    const first = await startSignIn(server, "mcp:read");
    const consent = await openCallback(await provider.signIn(first.upstream, "alice"), first.cookie);
    await approveAndRedeem(server, first, consent.page);

    const again = await startSignIn(server, "mcp:read", first.clientId);
    const back = await openCallback(await provider.signIn(again.upstream, "alice"), again.cookie);
    expect(back.status).toBe(302);
    const location = new URL(back.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe(again.redirectUri);
    expect(location.searchParams.get("code")).toEqual(expect.any(String));
    expect(location.searchParams.get("iss")).toBe(server.base);

    const wider = await startSignIn(server, "mcp:read mcp:write", first.clientId);
    expect((await openCallback(await provider.signIn(wider.upstream, "alice"), wider.cookie)).status).toBe(200);
  });

  it("is what createMcpApp builds by default for a provider login, with the credentials from process.env", async () => {
    const server = await startUpstreamed({}, "default");
    const started = await startSignIn(server);
    expect(started.upstream.origin).toBe(provider.issuer);
    const consent = await openCallback(await provider.signIn(started.upstream, "bob"), started.cookie);
    expect(consent.status).toBe(200);
    expect(consent.page).toContain("Signed in as <strong>bob@example.com</strong>");
  });

  it("maps the provider's claims to scopes with grant rules, and refuses a user no rule admits", async () => {
    const grants: GrantRule[] = [
      { when: { claim: "groups", includes: "staff" }, scopes: ["mcp:read", "mcp:write"] },
      { when: { claim: "email", equals: "bob@example.com" }, scopes: ["mcp:read"] },
    ];
    const server = await startUpstreamed({ grants });

    const alice = await startSignIn(server);
    const aliceConsent = await openCallback(await provider.signIn(alice.upstream, "alice"), alice.cookie);
    expect(aliceConsent.status).toBe(200);
    expect(
      String((await approveAndRedeem(server, alice, aliceConsent.page)).scope)
        .split(" ")
        .sort(),
    ).toEqual(["mcp:read", "mcp:write"]);

    const bob = await startSignIn(server, "mcp:read mcp:write");
    const bobConsent = await openCallback(await provider.signIn(bob.upstream, "bob"), bob.cookie);
    expect(bobConsent.status).toBe(200);
    const bobTokens = await approveAndRedeem(server, bob, bobConsent.page);
    expect(bobTokens.scope).toBe("mcp:read");
    expect((await callTool(server.resource, bobTokens.access_token as string, "write")).status).toBe(403);

    // In no group the rules name, and alice's address is only claimed, not verified: refused.
    const mallory = await startSignIn(server);
    const refused = await openCallback(await provider.signIn(mallory.upstream, "mallory"), mallory.cookie);
    expect(refused.status).toBe(403);
    expect(refused.page).toContain("not allowed to use this server");
    expect(refused.page).not.toContain('name="csrf"');
  });

  it("refuses a callback whose state is unknown, forged or already used, with an error page", async () => {
    const server = await startUpstreamed();
    const started = await startSignIn(server);
    const callback = await provider.signIn(started.upstream, "alice");

    const forged = new URL(callback);
    forged.searchParams.set("state", "forged-state-0123456789");
    const unknown = await openCallback(forged, started.cookie);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("content-type")).toContain("text/html");
    expect(unknown.page).toContain("unknown or has expired");

    const bare = await openCallback(`${server.base}/oauth/callback`, started.cookie);
    expect(bare.status).toBe(400);
    expect(bare.page).toContain("not an answer from the identity provider");

    // The real answer still works once; a replay of it finds nothing.
    expect((await openCallback(callback, started.cookie)).status).toBe(200);
    const replayed = await openCallback(callback, started.cookie);
    expect(replayed.status).toBe(400);
    expect(replayed.page).toContain("unknown or has expired");
  });

  it("refuses a callback in a browser without the sign-in's cookie, before anyone is signed in", async () => {
    const server = await startUpstreamed();
    const started = await startSignIn(server);
    const callback = await provider.signIn(started.upstream, "alice");
    const elsewhere = await openCallback(callback, undefined);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.page).toContain("started in another browser");
    expect(elsewhere.page).not.toContain('name="csrf"');
    const wrongCookie = await openCallback(callback, `${started.cookie.split("=")[0]}=not-the-token`);
    expect(wrongCookie.status).toBe(400);
    // Whoever holds the cookie (the one who sent the victim the provider's link) cannot
    // now approve the request as the victim: nobody was signed in to it.
    const [, csrf = ""] = started.cookie.split("=");
    const approved = await fetch(`${server.base}/oauth/authorize/decision`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: started.cookie },
      body: new URLSearchParams({ request: callback.searchParams.get("state") ?? "", csrf, decision: "approve" }).toString(),
    });
    const location = new URL(approved.headers.get("location") ?? "");
    expect(location.searchParams.get("code")).toBeNull();
    expect(location.searchParams.get("error")).toBe("access_denied");
  });

  it("shows an error page, not a crash, when the provider cannot be reached, and tries again on the next sign-in", async () => {
    const { http, base } = await listening();
    const gone = await listening();
    const goneIssuer = gone.base;
    await new Promise<void>((resolve) => gone.http.close(() => resolve()));
    const routes = builtInRoutes(base, { login: { ...OIDC_LOGIN, issuer: goneIssuer }, grants: EVERYONE });
    const authorizationServer = createAuthorizationServer(routes);
    const errors: string[] = [];
    const logger = { error: (message: string) => void errors.push(message), warn: () => undefined };
    const upstreamLogin = createUpstreamLogin(authorizationServer, { env: { [ENV_ID]: "id", [ENV_SECRET]: "secret" }, logger });
    const app = createMcpApp(routes, { logger: quiet, authorizationServer, upstreamLogin });
    http.on("request", app);
    running.push({ app, http, base, resource: `${base}/mcp`, env: {}, close: () => closeApp(http, app) });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const client = await register(base, { redirect_uris: ["http://127.0.0.1:9/cb"], token_endpoint_auth_method: "none" });
      const { challenge } = pkce();
      const opened = await fetch(
        authorizationUrl(base, {
          response_type: "code",
          client_id: client.client_id as string,
          redirect_uri: "http://127.0.0.1:9/cb",
          code_challenge: challenge,
          code_challenge_method: "S256",
        }),
        { redirect: "manual" },
      );
      expect(opened.status).toBe(503);
      expect(await opened.text()).toContain("cannot be reached right now");
    }
    // Each attempt tried (and logged) again: a failed discovery is not kept.
    expect(errors.filter((message) => message.includes("could not be set up"))).toHaveLength(2);
  });
});

/** A loopback stand-in for GitHub's OAuth endpoints and user API (the real one cannot be reached from here). */
async function startGitHubStandIn(emails: readonly { email: string; primary: boolean; verified: boolean }[]) {
  const codes = new Map<string, string>();
  const requests: { path: string; form?: URLSearchParams; authorization?: string }[] = [];
  const body = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (text += chunk));
      req.on("end", () => resolve(text));
    });
  const http: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
        const form = new URLSearchParams(await body(req));
        requests.push({ path: url.pathname, form });
        const challenge = codes.get(form.get("code") ?? "");
        const verifier = form.get("code_verifier") ?? "";
        const ok =
          challenge !== undefined &&
          createHash("sha256").update(verifier).digest("base64url") === challenge &&
          form.get("client_id") === CLIENT_ID &&
          form.get("client_secret") === CLIENT_SECRET;
        if (!ok) return json(200, { error: "bad_verification_code" });
        codes.delete(form.get("code") ?? "");
        return json(200, { access_token: "gho_standin", token_type: "bearer", scope: "user:email" });
      }
      requests.push({ path: url.pathname, authorization: req.headers.authorization ?? "" });
      if (req.headers.authorization !== "Bearer gho_standin") return json(401, { message: "Bad credentials" });
      if (url.pathname === "/api/user") return json(200, { id: 4242, login: "octocat", name: "The Octocat", node_id: "MDQ6VXNlcjQyNDI=" });
      if (url.pathname === "/api/user/emails") return json(200, emails);
      return json(404, { message: "Not Found" });
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    endpoints: {
      authorizationUrl: `${base}/login/oauth/authorize`,
      tokenUrl: `${base}/login/oauth/access_token`,
      userProfileUrl: `${base}/api/user`,
      userEmailUrl: `${base}/api/user/emails`,
    },
    requests,
    /** The user approved: a code for the authorization request (remembering its PKCE challenge). */
    approve(authorization: URL): URL {
      const code = `code-${codes.size + 1}-${Math.random().toString(36).slice(2)}`;
      codes.set(code, authorization.searchParams.get("code_challenge") ?? "");
      const back = new URL(authorization.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", authorization.searchParams.get("state") ?? "");
      return back;
    },
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

describe("GitHub (passport-github2 against a loopback stand-in)", () => {
  const githubLogin: LoginPolicy = { provider: "github", clientIdEnv: ENV_ID, clientSecretEnv: ENV_SECRET };

  it("signs the user in with their numeric id as subject, login and primary verified email, through PKCE and state", async () => {
    const github = await startGitHubStandIn([
      { email: "octo@other.example", primary: false, verified: true },
      { email: "octocat@example.com", primary: true, verified: true },
    ]);
    try {
      const server = await startUpstreamed(
        { login: githubLogin, grants: [{ when: { claim: "login", equals: "octocat" }, scopes: ["mcp:read"] }] },
        "explicit",
        github.endpoints,
      );
      const started = await startSignIn(server);
      expect(started.upstream.origin + started.upstream.pathname).toBe(github.endpoints.authorizationUrl);
      const asked = started.upstream.searchParams;
      expect(asked.get("client_id")).toBe(CLIENT_ID);
      expect(asked.get("redirect_uri")).toBe(`${server.base}/oauth/callback`);
      expect(asked.get("scope")).toBe("user:email");
      expect(asked.get("code_challenge_method")).toBe("S256");
      expect(asked.get("state")).toMatch(/^[\w-]{20,}$/);

      const consent = await openCallback(github.approve(started.upstream), started.cookie);
      expect(consent.status).toBe(200);
      expect(consent.page).toContain("Signed in as <strong>octocat@example.com</strong>");
      const tokens = await approveAndRedeem(server, started, consent.page);
      expect(decodeJwt(tokens.access_token as string)).toMatchObject({
        sub: "4242",
        login: "octocat",
        name: "The Octocat",
        email: "octocat@example.com",
        email_verified: true,
        scope: "mcp:read",
      });
      expect(JSON.stringify((await callTool(server.resource, tokens.access_token as string)).body)).toContain("oauth2:4242");
      // The token request carried the PKCE verifier; the API calls our access token.
      expect(github.requests.find((request) => request.path === "/login/oauth/access_token")?.form?.get("code_verifier")).toMatch(/^[\w-]{43}$/);
      expect(github.requests.filter((request) => request.path.startsWith("/api/")).every((request) => request.authorization === "Bearer gho_standin")).toBe(
        true,
      );

      // A forged state is refused before GitHub is asked anything.
      const again = await startSignIn(server);
      const forged = github.approve(again.upstream);
      forged.searchParams.set("state", "not-a-sign-in");
      expect((await openCallback(forged, again.cookie)).status).toBe(400);
    } finally {
      await github.close();
    }
  });

  it("passes on no email when the primary address is not verified, and shows the login instead", async () => {
    const github = await startGitHubStandIn([{ email: "octocat@example.com", primary: true, verified: false }]);
    try {
      const server = await startUpstreamed({ login: githubLogin }, "explicit", github.endpoints);
      const started = await startSignIn(server);
      const consent = await openCallback(github.approve(started.upstream), started.cookie);
      expect(consent.page).toContain("Signed in as <strong>octocat</strong>");
      const claims = decodeJwt((await approveAndRedeem(server, started, consent.page)).access_token as string);
      expect(claims).toMatchObject({ sub: "4242", login: "octocat" });
      expect(claims).not.toHaveProperty("email");
    } finally {
      await github.close();
    }
  });
});

const ENTRA = "https://login.microsoftonline.com";

/**
 * Entra ID's shared tenant, answered in process (global fetch stubbed for its origin
 * only): discovery names the issuer template `{tenantid}`, as the real one does, and
 * each ID token the issuer of its own `tid`, or (`forgeIssuer`) of another tenant.
 */
async function stubEntraId(options: { tid: string; issuerTid?: string }) {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "entra-test", alg: "RS256", use: "sig" };
  const codes = new Map<string, string>();
  const tokenForms: URLSearchParams[] = [];
  const realFetch = globalThis.fetch;
  const json = (value: unknown): Response => new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });
  vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin !== ENTRA) return realFetch(input, init);
    if (url.pathname === "/common/v2.0/.well-known/openid-configuration") {
      return json({
        issuer: `${ENTRA}/{tenantid}/v2.0`,
        authorization_endpoint: `${ENTRA}/common/oauth2/v2.0/authorize`,
        token_endpoint: `${ENTRA}/common/oauth2/v2.0/token`,
        jwks_uri: `${ENTRA}/common/discovery/v2.0/keys`,
        response_types_supported: ["code", "id_token", "code id_token"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
      });
    }
    if (url.pathname === "/common/discovery/v2.0/keys") return json({ keys: [jwk] });
    if (url.pathname === "/common/oauth2/v2.0/token" && init?.body instanceof URLSearchParams) {
      const form = init.body;
      tokenForms.push(form);
      const nonce = codes.get(form.get("code") ?? "");
      if (nonce === undefined)
        return new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400, headers: { "content-type": "application/json" } });
      const idToken = await new SignJWT({
        tid: options.tid,
        oid: "00000000-0000-0000-0000-00000000a11c",
        nonce,
        name: "Alice Entra",
        preferred_username: "alice@contoso.example",
        email: "ceo@example.com",
      })
        .setProtectedHeader({ alg: "RS256", kid: "entra-test", typ: "JWT" })
        .setIssuer(`${ENTRA}/${options.issuerTid ?? options.tid}/v2.0`)
        .setSubject("pairwise-alice")
        .setAudience(CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
      return json({ token_type: "Bearer", access_token: "graph-token", expires_in: 3600, scope: "openid profile email", id_token: idToken });
    }
    return new Response("not found", { status: 404 });
  });
  return {
    tokenForms,
    /** The user signed in: our callback with a code (the ID token will carry the request's nonce). */
    approve(authorization: URL): URL {
      const code = `entra-code-${codes.size + 1}`;
      codes.set(code, authorization.searchParams.get("nonce") ?? "");
      const back = new URL(authorization.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", authorization.searchParams.get("state") ?? "");
      return back;
    },
  };
}

describe("Entra ID's shared tenant (its {tenantid} issuer template), without network", () => {
  const microsoft: LoginPolicy = { provider: "microsoft", clientIdEnv: ENV_ID, clientSecretEnv: ENV_SECRET };
  const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("accepts an ID token whose issuer is that of its own tid, and passes tid and oid on (not the unverified email)", async () => {
    const entra = await stubEntraId({ tid });
    const server = await startUpstreamed({ login: microsoft, grants: [{ when: { claim: "tid", equals: tid }, scopes: ["mcp:read"] }] });
    const started = await startSignIn(server);
    expect(started.upstream.origin + started.upstream.pathname).toBe(`${ENTRA}/common/oauth2/v2.0/authorize`);
    expect(started.upstream.searchParams.get("scope")).toBe("openid email profile");
    const consent = await openCallback(entra.approve(started.upstream), started.cookie);
    expect(consent.status).toBe(200);
    expect(consent.page).toContain("Signed in as <strong>alice@contoso.example</strong>");
    // client_secret_basic, which Entra ID lists: the secret never in the form.
    expect(entra.tokenForms[0]?.get("client_secret")).toBeNull();
    const claims = decodeJwt((await approveAndRedeem(server, started, consent.page)).access_token as string);
    expect(claims).toMatchObject({ sub: "pairwise-alice", tid, oid: "00000000-0000-0000-0000-00000000a11c", email_verified: false, scope: "mcp:read" });
    expect(claims).not.toHaveProperty("email");
  });

  it("refuses an ID token that names another tenant's issuer than its tid", async () => {
    const entra = await stubEntraId({ tid, issuerTid: "11111111-2222-3333-4444-555555555555" });
    const server = await startUpstreamed({ login: microsoft });
    const started = await startSignIn(server);
    const refused = await openCallback(entra.approve(started.upstream), started.cookie);
    expect(refused.status).toBe(502);
    expect(refused.page).toContain("could not be completed");
  });
});

describe("provider settings, resolved at start-up without network", () => {
  const callbackUrl = "https://mcp.example.com/oauth/callback";
  const env = { ID: "the-client", SECRET: "the-secret" };
  const base = { clientIdEnv: "ID", clientSecretEnv: "SECRET" } as const;

  it("google: Google's issuer, OpenID scopes (openid always first), openid-client", () => {
    expect(upstreamSettings({ provider: "google", ...base }, { callbackUrl, env })).toMatchObject({
      kind: "oidc",
      issuer: new URL("https://accounts.google.com"),
      clientId: "the-client",
      clientSecret: "the-secret",
      scopes: ["openid", "email", "profile"],
      callbackUrl,
      packages: ["openid-client"],
    });
    expect(upstreamSettings({ provider: "google", ...base, scopes: ["email"] }, { callbackUrl, env }).scopes).toEqual(["openid", "email"]);
  });

  it("microsoft: the tenant's v2.0 issuer, common by default (a shared tenant); a tenant that could change the URL is refused", () => {
    const common = upstreamSettings({ provider: "microsoft", ...base }, { callbackUrl, env });
    expect(common).toMatchObject({ kind: "oidc", issuer: new URL("https://login.microsoftonline.com/common/v2.0"), sharedTenant: true });
    const tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const own = upstreamSettings({ provider: "microsoft", tenant: tenantId, ...base }, { callbackUrl, env });
    expect(own).toMatchObject({ issuer: new URL(`https://login.microsoftonline.com/${tenantId}/v2.0`), sharedTenant: false });
    expect(upstreamSettings({ provider: "microsoft", tenant: "contoso.onmicrosoft.com", ...base }, { callbackUrl, env })).toMatchObject({
      sharedTenant: false,
    });
    expect(upstreamSettings({ provider: "microsoft", tenant: "Organizations", ...base }, { callbackUrl, env })).toMatchObject({ sharedTenant: true });
    for (const tenant of ["../evil", "a/b", "x?y", "", "evil.com/"]) {
      expect(() => upstreamSettings({ provider: "microsoft", tenant, ...base }, { callbackUrl, env })).toThrow(/not an Entra ID tenant/);
    }
  });

  it("github: github.com's endpoints and user:email by default, passport-github2; endpoints must be https or loopback", () => {
    expect(upstreamSettings({ provider: "github", ...base }, { callbackUrl, env })).toMatchObject({
      kind: "github",
      endpoints: {
        authorizationUrl: "https://github.com/login/oauth/authorize",
        tokenUrl: "https://github.com/login/oauth/access_token",
        userProfileUrl: "https://api.github.com/user",
        userEmailUrl: "https://api.github.com/user/emails",
      },
      scopes: ["user:email"],
      packages: ["passport-github2"],
    });
    expect(() =>
      upstreamSettings({ provider: "github", ...base }, { callbackUrl, env, githubEndpoints: { tokenUrl: "http://github.example.com/token" } }),
    ).toThrow(/must use https/);
  });

  it("oidc: an issuer is required, https or loopback http, without query", () => {
    expect(() => upstreamSettings({ provider: "oidc", ...base }, { callbackUrl, env })).toThrow(/needs its "issuer"/);
    expect(() => upstreamSettings({ provider: "oidc", issuer: "http://idp.example.com", ...base }, { callbackUrl, env })).toThrow(/must use https/);
    expect(() => upstreamSettings({ provider: "oidc", issuer: "https://idp.example.com/?x=1", ...base }, { callbackUrl, env })).toThrow(/no query/);
    expect(upstreamSettings({ provider: "oidc", issuer: "http://127.0.0.1:4000", ...base }, { callbackUrl, env })).toMatchObject({ kind: "oidc" });
  });

  it("refuses options the provider does not take, and names a missing variable", () => {
    expect(() => upstreamSettings({ provider: "google", issuer: "https://idp.example.com", ...base }, { callbackUrl, env })).toThrow(
      /"issuer" is for the oidc provider/,
    );
    expect(() => upstreamSettings({ provider: "github", tenant: "common", ...base }, { callbackUrl, env })).toThrow(/"tenant" is for the microsoft provider/);
    expect(() => upstreamSettings({ provider: "google", ...base }, { callbackUrl, env: { ID: "x" } })).toThrow(TypeError);
    expect(() => upstreamSettings({ provider: "google", ...base }, { callbackUrl, env: { ID: "x" } })).toThrow(/environment variable SECRET/);
    expect(() => upstreamSettings({ provider: "github", ...base }, { callbackUrl, env: { SECRET: "x" } })).toThrow(/environment variable ID/);
  });

  it("createUpstreamLogin and createMcpApp stop at start-up on a missing variable, naming it", () => {
    const routes = builtInRoutes("http://127.0.0.1:9", {
      login: { provider: "google", clientIdEnv: "NOT_SET_UPSTREAM_ID", clientSecretEnv: "NOT_SET_UPSTREAM_SECRET" },
      grants: EVERYONE,
    });
    expect(() => createUpstreamLogin(createAuthorizationServer(routes), { env: {}, logger: quiet })).toThrow(/NOT_SET_UPSTREAM_ID/);
    expect(() => createMcpApp(routes, { logger: quiet })).toThrow(/NOT_SET_UPSTREAM_ID/);
    const testLogin = builtInRoutes("http://127.0.0.1:9");
    expect(() => createUpstreamLogin(createAuthorizationServer(testLogin))).toThrow(/local test login/);
  });

  it("refuses an upstream login without grant rules, which would give every account every scope", () => {
    const routes = builtInRoutes("http://127.0.0.1:9", { login: { provider: "github", clientIdEnv: "ID", clientSecretEnv: "SECRET" } });
    expect(() => createAuthorizationServer(routes, { env: { ID: "x", SECRET: "y" } })).toThrow(/a github login needs "grants"/);
  });

  it("names the package to install when a provider's package is missing", () => {
    const missing = (name: string): string => {
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: "MODULE_NOT_FOUND" });
    };
    expect(() => requireInstalled("passport-github2", "github", missing)).toThrow(
      /the github provider needs the package passport-github2.*npm install passport-github2/,
    );
    expect(() => requireInstalled("openid-client", "google")).not.toThrow();
  });

  it("passes on a few claims, and an email only when the provider vouches for it", () => {
    const idToken = {
      sub: "s1",
      aud: "c",
      nonce: "n",
      at_hash: "h",
      email: "a@example.com",
      email_verified: true,
      name: "A",
      groups: ["g"],
      hd: "example.com",
    };
    expect(oidcIdentity("google", idToken)).toEqual({
      subject: "s1",
      claims: { email: "a@example.com", email_verified: true, name: "A", groups: ["g"], hd: "example.com" },
    });
    expect(oidcIdentity("oidc", { sub: "s2", email: "a@example.com", email_verified: false }).claims).toEqual({ email_verified: false });
    expect(oidcIdentity("oidc", { sub: "s2", email: "a@example.com" }).claims).toEqual({ email_verified: false });
    // Entra ID: `email` is whatever the tenant typed unless xms_edov says its domain is verified.
    const entra = { sub: "s3", tid: "t", oid: "o", email: "ceo@example.com", preferred_username: "x@t.example" };
    expect(oidcIdentity("microsoft", entra).claims).toEqual({ tid: "t", oid: "o", preferred_username: "x@t.example", email_verified: false });
    expect(oidcIdentity("microsoft", { ...entra, xms_edov: true }).claims).toMatchObject({ email: "ceo@example.com", email_verified: true });
    expect(() => oidcIdentity("oidc", { email: "a@example.com" })).toThrow(/no subject/);
    expect(
      githubIdentity({
        id: "7",
        username: "octo",
        displayName: null,
        emails: [
          { value: "x@example.com", primary: false, verified: true },
          { value: "y@example.com", primary: true, verified: true },
        ],
      }),
    ).toEqual({ subject: "7", claims: { login: "octo", email: "y@example.com", email_verified: true } });
  });
});
