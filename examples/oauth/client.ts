/**
 * Self-check of the OAuth example: starts the server over HTTP on 127.0.0.1:3000 and
 * signs in with the generated typed client (src/generated/client.gen.ts, on the
 * official MCP SDK client and its OAuth support) as any MCP client would, by itself: 401 →
 * protected resource metadata → the built-in authorization server's metadata →
 * registration → authorization with PKCE → (this script plays the user on the consent
 * page, over HTTP) → tokens → scoped tool calls → refresh → sign-out by revocation.
 * Exits non-zero on any mismatch. The tool calls go through the typed methods; the
 * sign-in is the SDK transport's `authProvider` and `finishAuth`, handed to
 * `connectUrl` and `connectTransport`.
 *
 *   npx tsx --conditions=turbomcp-source examples/oauth/client.ts
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { connectTransport, connectUrl, type TypedClient } from "./src/generated/client.gen.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = "http://127.0.0.1:3000";
const MCP_URL = new URL(`${BASE}/mcp`);
const REDIRECT_URI = "http://127.0.0.1:9/callback";

const server = spawn(
  process.execPath,
  ["--import", "tsx", "--conditions=turbomcp-source", path.join(here, "src/generated/server.gen.ts"), "--transport", "http"],
  {
    cwd: path.join(here, "../.."),
    stdio: ["ignore", "ignore", "pipe"],
  },
);
let serverLog = "";
server.stderr.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));

/** What an MCP client keeps between runs, in memory here. */
class MemoryProvider implements OAuthClientProvider {
  client: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  authorizationUrl: URL | undefined;
  get redirectUrl(): string {
    return REDIRECT_URI;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "OAuth example self-check",
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  state(): string {
    return "example-state";
  }
  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.client = info;
  }
  tokens(): OAuthTokens | undefined {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }
  codeVerifier(): string {
    return this.verifier;
  }
}

/** The user on the consent page: open it, sign in as `username`, approve; the code from the redirect. */
async function approveAsUser(authorizationUrl: URL, username: string): Promise<string> {
  const page = await fetch(authorizationUrl, { redirect: "manual" });
  const html = await page.text();
  assert.equal(page.status, 200, `the consent page: ${html}`);
  const field = (name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? "";
  const answer = await fetch(new URL(action, BASE), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ request: field("request"), csrf: field("csrf"), username, decision: "approve" }).toString(),
  });
  const location = new URL(answer.headers.get("location") ?? "");
  assert.equal(location.searchParams.get("state"), "example-state");
  assert.equal(location.searchParams.get("iss"), BASE, "RFC 9207: the response names the issuer");
  return location.searchParams.get("code") ?? "";
}

/** Connects, signing in first when the server asks for it. */
async function connect(provider: MemoryProvider, username: string): Promise<TypedClient> {
  const options = { name: "oauth-example-check" };
  try {
    return await connectUrl(MCP_URL, { ...options, transport: { authProvider: provider } });
  } catch (error) {
    assert.ok(error instanceof UnauthorizedError, `expected the server to ask for a sign-in, got ${String(error)}`);
  }
  assert.ok(provider.authorizationUrl !== undefined, "the SDK found the authorization server");
  assert.equal(provider.authorizationUrl.searchParams.get("code_challenge_method"), "S256");
  const transport = new StreamableHTTPClientTransport(MCP_URL, { authProvider: provider });
  await transport.finishAuth(await approveAsUser(provider.authorizationUrl, username));
  return connectTransport(transport, options);
}

async function waitForServer(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server exited: ${serverLog}`);
    try {
      await fetch(`${BASE}/.well-known/oauth-authorization-server`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`the server did not start: ${serverLog}`);
}

try {
  await waitForServer();
  const provider = new MemoryProvider();
  const client = await connect(provider, "ada");
  const me = await client.tools.whoami({});
  assert.equal(me.subject, "ada");
  const greeting = await client.tools.greet({ name: "Grace" });
  assert.deepEqual(greeting.content, [{ type: "text", text: "Hello, Grace! (from ada)" }]);

  // Refresh: the refresh token is rotated, the new access token works.
  const refreshed = await fetch(`${BASE}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: provider.saved?.refresh_token ?? "",
      client_id: provider.client?.client_id ?? "",
    }).toString(),
  });
  const tokens = (await refreshed.json()) as OAuthTokens;
  assert.equal(refreshed.status, 200);
  assert.notEqual(tokens.refresh_token, provider.saved?.refresh_token, "refresh tokens rotate");

  // Sign-out: revoking the refresh token revokes the grant, so the next call is refused.
  await fetch(`${BASE}/oauth/revoke`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: tokens.refresh_token ?? "", client_id: provider.client?.client_id ?? "" }).toString(),
  });
  await assert.rejects(client.tools.whoami({}), "a revoked grant's access token is refused");
  await client.close().catch(() => undefined);

  // Another user signs in on their own: the server tells them apart.
  const other = await connect(new MemoryProvider(), "lin");
  const lin = await other.tools.whoami({});
  assert.equal(lin.subject, "lin");
  await other.close();
  console.log("oauth example: all checks passed");
} finally {
  server.kill();
}
