/**
 * The official MCP SDK client signs in to an `oauth2` server by itself, against a real
 * authorization server (oidc-provider with open registration and its dev login pages):
 * 401 → our RFC 9728 metadata → the issuer's discovery → Dynamic Client Registration
 * (RFC 7591) → an authorization URL with PKCE S256 and `resource` (RFC 8707) → (the test
 * plays the user: login and consent over plain HTTP) → the code from the redirect →
 * `finishAuth` → a token bound to our resource → a scoped tool call as the account.
 */
import type { Server } from "node:http";
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
  UnauthorizedError as UnauthorizedErrorV2,
  type OAuthClientProvider as ProviderV2,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpApp, type McpApp } from "../../../packages/runtime/src/entries/express.js";
import { startAuthorizationServer, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";
import { closeApp, listening, oauth2Routes, quiet } from "./oauth2-kit.js";
import { expectAuthorizationRequest, expectCodeBack, MemoryProvider, recordingFetch, type ToolResult } from "./sdk-oauth-kit.js";

const ACCOUNT = "alice-0042";

let as: TestAuthorizationServer;
let app: McpApp;
let http: Server;
let base: string;
let resource: string;

beforeAll(async () => {
  as = await startAuthorizationServer({ interactive: true });
  ({ http, base } = await listening());
  resource = `${base}/mcp`;
  app = createMcpApp(oauth2Routes(resource, as.issuer), { logger: quiet });
  http.on("request", app);
});

afterAll(async () => {
  await closeApp(http, app);
  await as.stop();
});

/** The SDK's requests, the MCP server's origin written `{mcp}` and the authorization server's `{as}`. */
function recording(log: string[]): typeof fetch {
  return recordingFetch(log, { "{mcp}": base, "{as}": as.issuer });
}

/** What the SDK asked the authorization server for, and the user's answer: the redirect back to the client. */
async function authorizeAs(provider: MemoryProvider, account: string): Promise<URL> {
  const url = expectAuthorizationRequest(provider, { endpoint: `${as.issuer}/auth`, resource });
  return expectCodeBack(await as.signIn(url, account), as.issuer);
}

/** The token the SDK saved: a JWT for this resource, for the account, with the scopes the metadata lists. */
function expectBoundToken(provider: MemoryProvider, account: string): void {
  expect(decodeJwt(provider.saved?.access_token ?? "")).toMatchObject({
    iss: as.issuer,
    aud: resource,
    sub: account,
    client_id: provider.client?.client_id,
    scope: "mcp:read mcp:write",
  });
}

describe("the MCP SDK v1 client signing in to an oauth2 server", () => {
  it("discovers, registers, authorizes with PKCE and resource, and calls a scoped tool as the logged-in account", async () => {
    const provider = new MemoryProvider();
    const authProvider: OAuthClientProvider = provider;
    const url = new URL(resource);

    // 1. No token: 401 → metadata → discovery → registration → authorization URL.
    const log: string[] = [];
    const first = new StreamableHTTPClientTransport(url, { authProvider, fetch: recording(log) });
    await expect(new Client({ name: "sdk-v1", version: "1.0.0" }).connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(log).toEqual([
      "POST {mcp}/mcp 401",
      "GET {mcp}/.well-known/oauth-protected-resource/mcp 200",
      "GET {as}/.well-known/oauth-authorization-server 404",
      "GET {as}/.well-known/openid-configuration 200",
      "POST {as}/reg 201",
    ]);
    // 2. The user logs in and consents; the code comes back on the redirect.
    const back = await authorizeAs(provider, ACCOUNT);
    // 3. The code for a token bound to this resource.
    await first.finishAuth(back.searchParams.get("code") ?? "");
    expectBoundToken(provider, ACCOUNT);

    // 4. Reconnect with the token and call the mcp:read tool.
    const client = new Client({ name: "sdk-v1", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(url, { authProvider }));
    try {
      const result = (await client.callTool({ name: "whoami", arguments: {} })) as ToolResult;
      expect(result.isError ?? false).toBe(false);
      expect(result.content[0]?.text).toBe(`oauth2:${ACCOUNT}`);
    } finally {
      await client.close();
    }
  });
});

describe("the MCP SDK v2 client signing in to an oauth2 server", () => {
  it("does the same, and checks the redirect's iss (RFC 9207) on finishAuth", async () => {
    const account = "bob-7";
    const provider = new MemoryProvider();
    const authProvider: ProviderV2 = provider;
    const url = new URL(resource);

    const first = new TransportV2(url, { authProvider });
    await expect(new ClientV2({ name: "sdk-v2", version: "1.0.0" }).connect(first)).rejects.toBeInstanceOf(UnauthorizedErrorV2);
    const back = await authorizeAs(provider, account);
    await first.finishAuth(back.searchParams);
    expectBoundToken(provider, account);

    const client = new ClientV2({ name: "sdk-v2", version: "1.0.0" });
    await client.connect(new TransportV2(url, { authProvider }));
    try {
      const result = (await client.callTool({ name: "whoami", arguments: {} })) as ToolResult;
      expect(result.isError ?? false).toBe(false);
      expect(result.content[0]?.text).toBe(`oauth2:${account}`);
    } finally {
      await client.close();
    }
  });
});
