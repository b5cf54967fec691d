/**
 * The official MCP SDK clients (v1 `@modelcontextprotocol/sdk`, v2 `@modelcontextprotocol/client`)
 * signing in by themselves, through their `OAuthClientProvider`, to the built-in
 * authorization server: one server for the file, with Dynamic Client Registration and
 * Client ID Metadata Documents both on.
 *
 * - DCR: 401 → RFC 9728 → RFC 8414 (our metadata) → RFC 7591 registration → an
 *   authorization URL with PKCE S256 and `resource` → the test plays the user on the
 *   consent page → `finishAuth` → a scoped tool call as the user.
 * - CIMD: the client's `clientMetadataUrl` becomes its client_id (the server advertises
 *   `client_id_metadata_document_supported`), no registration; the server fetches the
 *   document from a loopback https server of the test.
 * - Refresh: an access token already expired (past the resource server's clock
 *   tolerance) makes the SDK use its refresh token at our token endpoint, counted there.
 * - Revocation (RFC 7009): the SDK's next call fails cleanly, with UnauthorizedError
 *   once the provider has dropped the refused tokens and the SDK has sent the user to
 *   sign in again, or with the SDK's invalid_grant error when the provider cannot.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Client as ClientV2,
  OAuthError as OAuthErrorV2,
  StreamableHTTPClientTransport as TransportV2,
  UnauthorizedError as UnauthorizedErrorV2,
  type OAuthClientProvider as ProviderV2,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { OAuthError as OAuthErrorV1 } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_OAUTH2_CLOCK_TOLERANCE_SEC } from "../../../packages/runtime/src/config/defaults.js";
import { createMcpApp } from "../../../packages/runtime/src/entries/express.js";
import { createAuthorizationServer, type AuthorizationServer } from "../../../packages/runtime/src/oauth-server/authorization-server.js";
import { OAuthError } from "../../../packages/runtime/src/oauth-server/oauth-error.js";
import {
  expectAuthorizationRequest,
  expectCodeBack,
  MemoryProvider,
  recordingFetch,
  type MemoryProviderOptions,
  REDIRECT_URI,
  type ToolResult,
} from "../auth/sdk-oauth-kit.js";
import { callTool, consent, quiet, startBuiltIn, TEST_LOGIN_POLICY, type RunningServer } from "./kit.js";

let server: RunningServer;
/** The authorization server's clock runs this far from the real one (the resource server's stays real). */
let skewMs = 0;
/** Each token request the server answered: `grant_type ok` or `grant_type error_code`. */
const tokenRequests: string[] = [];
let registrations = 0;

/** Serves client metadata documents over https on loopback; counts the fetches of each path. */
let documents: HttpsServer;
let documentsBase: string;
const documentFetches = new Map<string, number>();

beforeAll(async () => {
  server = await startBuiltIn({ dynamicRegistration: true, clientIdMetadataDocuments: true }, (routes) => {
    const built = createAuthorizationServer(routes, { allowLoopbackClientMetadata: true, now: () => Date.now() + skewMs });
    const counted: AuthorizationServer = {
      ...built,
      async token(form, authorization) {
        try {
          const answer = await built.token(form, authorization);
          tokenRequests.push(`${form.grant_type} ok`);
          return answer;
        } catch (error) {
          tokenRequests.push(`${form.grant_type} ${error instanceof OAuthError ? error.code : "threw"}`);
          throw error;
        }
      },
      register(body) {
        registrations += 1;
        return built.register(body);
      },
    };
    return createMcpApp(routes, { logger: quiet, authorizationServer: counted });
  });
  documents = createHttpsServer(throwawayCertificate(), (req, res) => {
    const path = req.url ?? "/";
    documentFetches.set(path, (documentFetches.get(path) ?? 0) + 1);
    const clientId = `${documentsBase}${path}`;
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        client_id: clientId,
        client_name: "turbomcp sdk cimd test",
        redirect_uris: [REDIRECT_URI],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      }),
    );
  });
  await new Promise<void>((resolve) => documents.listen(0, "127.0.0.1", resolve));
  documentsBase = `https://127.0.0.1:${(documents.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server.close();
  documents.closeAllConnections();
  await new Promise<void>((resolve) => documents.close(() => resolve()));
});

/** A self-signed certificate for 127.0.0.1, made for this run. */
function throwawayCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "turbomcp-cimd-"));
  try {
    const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        key,
        "-out",
        cert,
      ]),
      { stdio: "ignore" },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `body` while TLS certificates go unchecked in this process. Both SDKs refuse a
 * `clientMetadataUrl` that is not https, so the document server is https with a
 * throwaway certificate, which the authorization server's fetch (its own https request,
 * with no way to add a trusted CA) could not verify otherwise.
 */
async function withUncheckedTls<T>(body: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
  }
}

interface Session {
  callTool(name: string): Promise<ToolResult>;
  close(): Promise<void>;
}

/** One SDK behind the same few steps: connect (which may stop to send the user to authorize), and finish with the code. */
interface Sdk {
  readonly name: string;
  readonly UnauthorizedError: new (...args: never[]) => Error;
  /** The OAuth error code of an error the SDK threw, if it is one of its OAuth errors. */
  oauthErrorCode(error: unknown): string | undefined;
  connect(provider: MemoryProvider, fetch?: typeof globalThis.fetch): { readonly opened: Promise<Session>; readonly finishAuth: (back: URL) => Promise<void> };
}

/** What both SDKs' clients have in common, enough for a session. */
interface SdkClient<T> {
  connect(transport: T): Promise<void>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

async function opened<T>(client: SdkClient<T>, transport: T): Promise<Session> {
  await client.connect(transport);
  return { callTool: async (name) => (await client.callTool({ name, arguments: {} })) as ToolResult, close: () => client.close() };
}

const v1: Sdk = {
  name: "v1",
  UnauthorizedError,
  oauthErrorCode: (error) => (error instanceof OAuthErrorV1 ? error.errorCode : undefined),
  connect(provider, fetch) {
    const authProvider: OAuthClientProvider = provider;
    const transport = new StreamableHTTPClientTransport(new URL(server.resource), { authProvider, ...(fetch !== undefined && { fetch }) });
    const client = new Client({ name: "sdk-v1", version: "1.0.0" });
    return {
      opened: opened(client, transport),
      // v1 takes the code alone.
      finishAuth: (back) => transport.finishAuth(back.searchParams.get("code") ?? ""),
    };
  },
};

const v2: Sdk = {
  name: "v2",
  UnauthorizedError: UnauthorizedErrorV2,
  oauthErrorCode: (error) => (error instanceof OAuthErrorV2 ? error.code : undefined),
  connect(provider, fetch) {
    const authProvider: ProviderV2 = provider;
    const transport = new TransportV2(new URL(server.resource), { authProvider, ...(fetch !== undefined && { fetch }) });
    const client = new ClientV2({ name: "sdk-v2", version: "1.0.0" });
    return {
      opened: opened(client, transport),
      // v2 takes the whole redirect query, and checks its iss (RFC 9207).
      finishAuth: (back) => transport.finishAuth(back.searchParams),
    };
  },
};

/** The SDK's requests, this server's origin written `{as}`. */
function recording(log: string[]): typeof fetch {
  return recordingFetch(log, { "{as}": server.base });
}

/** The first connect, without a token: the SDK stops once it has sent the user to authorize. */
async function untilAuthorization(sdk: Sdk, provider: MemoryProvider, log: string[]): Promise<(back: URL) => Promise<void>> {
  const first = sdk.connect(provider, recording(log));
  await expect(first.opened).rejects.toBeInstanceOf(sdk.UnauthorizedError);
  return first.finishAuth;
}

/** The test as the user: approves the request the SDK built, as `username`; the redirect back with the code. */
async function approve(provider: MemoryProvider, username: string): Promise<URL> {
  const url = expectAuthorizationRequest(provider, { endpoint: `${server.base}/oauth/authorize`, resource: server.resource });
  return expectCodeBack((await consent(url.href, { username })).location, server.base);
}

/** A full sign-in by the SDK with a registered client; the provider then holds the tokens. */
async function signedIn(sdk: Sdk, username: string, options: MemoryProviderOptions = {}): Promise<MemoryProvider> {
  const provider = new MemoryProvider({ grantTypes: ["authorization_code", "refresh_token"], ...options });
  const finishAuth = await untilAuthorization(sdk, provider, []);
  await finishAuth(await approve(provider, username));
  return provider;
}

async function expectWhoami(session: Session, username: string): Promise<void> {
  const result = await session.callTool("whoami");
  expect(result.isError ?? false).toBe(false);
  expect(result.content[0]?.text).toBe(`oauth2:${username}`);
}

/** A new connection with the tokens the provider holds, and `whoami` through it. */
async function connectedAs(sdk: Sdk, provider: MemoryProvider, username: string): Promise<void> {
  const session = await sdk.connect(provider).opened;
  try {
    await expectWhoami(session, username);
  } finally {
    await session.close();
  }
}

/** The token the SDK saved: ours, for this resource and user, issued to its client. */
function expectOurToken(provider: MemoryProvider, username: string): Record<string, unknown> {
  const claims = decodeJwt(provider.saved?.access_token ?? "");
  expect(claims).toMatchObject({ iss: server.base, aud: server.resource, sub: username, client_id: provider.client?.client_id });
  return claims;
}

/** `promise`, or a rejection saying it hung. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms).unref())]);
}

/**
 * Signs in, calls `whoami`, revokes the grant through RFC 7009 (the refresh token, as a
 * public client: `token` and `client_id`), and calls again: how that call ended, the
 * SDK's requests and the server's token requests meanwhile, what the SDK warned.
 */
async function revokedThenCalled(sdk: Sdk, username: string, options: MemoryProviderOptions) {
  const provider = await signedIn(sdk, username, options);
  const log: string[] = [];
  const session = await sdk.connect(provider, recording(log)).opened;
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    await expectWhoami(session, username);
    const revoked = await fetch(`${server.base}/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: provider.saved?.refresh_token ?? "", client_id: provider.client?.client_id ?? "" }).toString(),
    });
    expect(revoked.status).toBe(200);
    const before = tokenRequests.length;
    const redirects = provider.redirects;
    log.length = 0;
    const outcome = await within(session.callTool("whoami"), 10_000).then(
      () => "the call succeeded",
      (error: unknown) => error,
    );
    const warnings = warn.mock.calls.map((call) => String(call[0]));
    return { provider, outcome, log, tokens: tokenRequests.slice(before), warnings, redirects };
  } finally {
    warn.mockRestore();
    await session.close();
  }
}

for (const sdk of [v1, v2]) {
  describe(`the MCP SDK ${sdk.name} client against the built-in authorization server`, () => {
    it("registers itself (DCR), authorizes with PKCE S256 and resource, and calls a scoped tool as the user", async () => {
      const username = `dcr-${sdk.name}`;
      const provider = new MemoryProvider({ grantTypes: ["authorization_code", "refresh_token"] });
      const registered = registrations;
      const log: string[] = [];
      const finishAuth = await untilAuthorization(sdk, provider, log);
      expect(log).toEqual([
        "POST {as}/mcp 401",
        "GET {as}/.well-known/oauth-protected-resource/mcp 200",
        "GET {as}/.well-known/oauth-authorization-server 200",
        "POST {as}/oauth/register 201",
      ]);
      expect(registrations).toBe(registered + 1);
      expect(provider.client?.client_id).not.toMatch(/^https?:/);

      const before = tokenRequests.length;
      await finishAuth(await approve(provider, username));
      expect(tokenRequests.slice(before)).toEqual(["authorization_code ok"]);
      expectOurToken(provider, username);
      expect(provider.saved?.refresh_token).toEqual(expect.any(String));

      await connectedAs(sdk, provider, username);
    });

    it("names itself by its client metadata document URL (CIMD): no registration, the document fetched by the server", async () => {
      const username = `cimd-${sdk.name}`;
      const path = `/clients/${sdk.name}.json`;
      const clientMetadataUrl = `${documentsBase}${path}`;
      const provider = new MemoryProvider({ grantTypes: ["authorization_code", "refresh_token"], clientMetadataUrl });
      const registered = registrations;
      const log: string[] = [];
      await withUncheckedTls(async () => {
        const finishAuth = await untilAuthorization(sdk, provider, log);
        expect(log).toEqual([
          "POST {as}/mcp 401",
          "GET {as}/.well-known/oauth-protected-resource/mcp 200",
          "GET {as}/.well-known/oauth-authorization-server 200",
        ]);
        expect(provider.client?.client_id).toBe(clientMetadataUrl);
        expect(provider.authorizationUrl?.searchParams.get("client_id")).toBe(clientMetadataUrl);
        expect(documentFetches.get(path)).toBeUndefined();

        const back = await approve(provider, username);
        await finishAuth(back);
      });
      // One fetch, at the authorization request; the decision and the token request used the cached document.
      expect(documentFetches.get(path)).toBe(1);
      expect(registrations).toBe(registered);
      expect(log.some((line) => line.includes("/oauth/register"))).toBe(false);
      expect(expectOurToken(provider, username).client_id).toBe(clientMetadataUrl);

      await connectedAs(sdk, provider, username);
    });

    it("refreshes an expired access token with its refresh token at our token endpoint, and gets a rotated one", async () => {
      const username = `refresh-${sdk.name}`;
      // Tokens issued this far in the past are expired beyond the resource server's clock tolerance.
      skewMs = -(TEST_LOGIN_POLICY.accessTokenTtlSec + DEFAULT_OAUTH2_CLOCK_TOLERANCE_SEC + 60) * 1000;
      let provider: MemoryProvider;
      try {
        provider = await signedIn(sdk, username);
      } finally {
        skewMs = 0;
      }
      const expired = provider.saved;
      const expiredClaims = expectOurToken(provider, username);
      expect(expiredClaims.exp).toBeLessThan(Date.now() / 1000 - DEFAULT_OAUTH2_CLOCK_TOLERANCE_SEC);
      const refused = await callTool(server.resource, expired?.access_token ?? "");
      expect(refused.status).toBe(401);
      expect(refused.challenge).toContain('error="invalid_token"');

      const before = tokenRequests.length;
      const log: string[] = [];
      const session = await sdk.connect(provider, recording(log)).opened;
      try {
        // The 401 on initialize, the refresh (discovery is remembered), initialize again with the new token.
        expect(log.slice(0, 3)).toEqual(["POST {as}/mcp 401", "POST {as}/oauth/token 200", "POST {as}/mcp 200"]);
        expect(tokenRequests.slice(before)).toEqual(["refresh_token ok"]);
        expect(provider.saved?.refresh_token).toEqual(expect.any(String));
        expect(provider.saved?.refresh_token).not.toBe(expired?.refresh_token);
        // The same grant, refreshed.
        expect(expectOurToken(provider, username).grant_id).toBe(expiredClaims.grant_id);
        await expectWhoami(session, username);
      } finally {
        await session.close();
      }
    });

    it("fails cleanly once its grant is revoked (RFC 7009): the next call rejects with UnauthorizedError, the SDK having sent the user to sign in again", async () => {
      const { provider, outcome, log, tokens, warnings, redirects } = await revokedThenCalled(sdk, `revoked-${sdk.name}`, {});
      expect(outcome).toBeInstanceOf(sdk.UnauthorizedError);
      // The access token is refused, the refresh token died with its grant: the SDK drops its tokens and starts a new authorization.
      expect(log).toEqual(["POST {as}/mcp 401", "POST {as}/oauth/token 400"]);
      expect(tokens).toEqual(["refresh_token invalid_grant"]);
      expect(provider.invalidated).toEqual(["tokens"]);
      expect(provider.saved).toBeUndefined();
      expect(provider.redirects).toBe(redirects + 1);
      expectAuthorizationRequest(provider, { endpoint: `${server.base}/oauth/authorize`, resource: server.resource });
      // v2 says why it dropped the tokens; v1 does so silently.
      if (sdk.name === "v2")
        expect(warnings).toEqual([expect.stringContaining('OAuth "invalid_grant" — invalidating the stored tokens and retrying authorization')]);
      else expect(warnings).toEqual([]);
    });

    it("surfaces invalid_grant instead when the provider cannot drop its tokens (no invalidateCredentials)", async () => {
      const { provider, outcome, log, tokens, redirects } = await revokedThenCalled(sdk, `kept-${sdk.name}`, { invalidates: false });
      expect(outcome).not.toBeInstanceOf(sdk.UnauthorizedError);
      expect(sdk.oauthErrorCode(outcome)).toBe("invalid_grant");
      // auth() retries once with the same refresh token, then gives up; nobody is sent to sign in.
      expect(log).toEqual(["POST {as}/mcp 401", "POST {as}/oauth/token 400", "POST {as}/oauth/token 400"]);
      expect(tokens).toEqual(["refresh_token invalid_grant", "refresh_token invalid_grant"]);
      expect(provider.saved).toBeDefined();
      expect(provider.redirects).toBe(redirects);
    });
  });
}
