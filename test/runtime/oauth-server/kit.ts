/**
 * What the built-in authorization server's tests share: routes whose `oauth2` scheme
 * trusts this server's own issuer, an app on loopback, an HTTP driver that plays the
 * user on the consent page (cookies carried by hand), and PKCE helpers.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { createMcpApp, type McpApp } from "../../../packages/runtime/src/entries/express.js";
import { defineRoutes, type AuthorizationServerPolicy, type RouteTable } from "../../../packages/runtime/src/index.js";
import { closeApp, listening, oauth2Routes, quiet } from "../auth/oauth2-kit.js";

export const TEST_LOGIN_POLICY: AuthorizationServerPolicy = {
  signingKeysEnv: "TEST_OAUTH_SIGNING_KEYS",
  accessTokenTtlSec: 600,
  refreshTokenTtlSec: 86_400,
  dynamicRegistration: true,
  clientIdMetadataDocuments: false,
  login: { provider: "test" },
};

/** The fixture routes (`whoami` needs mcp:read, `write` mcp:write) with this server as their authorization server. */
export function builtInRoutes(base: string, policy: Partial<AuthorizationServerPolicy> = {}): RouteTable {
  const routes = oauth2Routes(`${base}/mcp`, base);
  const auth = routes.auth;
  if (auth === undefined) throw new Error("the fixture has auth");
  return defineRoutes({
    server: routes.server,
    tools: [...routes.tools.values()],
    auth: { ...auth, authorizationServer: { ...TEST_LOGIN_POLICY, ...policy } },
  });
}

export interface RunningServer {
  readonly app: McpApp;
  readonly http: Server;
  readonly base: string;
  readonly resource: string;
  close(): Promise<void>;
}

export async function startBuiltIn(policy: Partial<AuthorizationServerPolicy> = {}, make?: (routes: RouteTable) => McpApp): Promise<RunningServer> {
  const { http, base } = await listening();
  const routes = builtInRoutes(base, policy);
  const app = make?.(routes) ?? createMcpApp(routes, { logger: quiet });
  http.on("request", app);
  return { app, http, base, resource: `${base}/mcp`, close: () => closeApp(http, app) };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export async function register(base: string, metadata: Record<string, unknown>): Promise<Record<string, string>> {
  const response = await fetch(`${base}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(metadata) });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

export function authorizationUrl(base: string, params: Record<string, string>): string {
  return `${base}/oauth/authorize?${new URLSearchParams(params).toString()}`;
}

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (match === null) throw new Error(`the consent page has no ${name} field`);
  return match[1] as string;
}

export interface ConsentResult {
  /** Where the browser is sent after the decision (the client's redirect URI with code or error). */
  readonly location: string;
  readonly page: string;
}

/**
 * Plays the user with the local test login: opens the authorization URL, reads the
 * consent page and its cookie, answers the form. Throws with the page when the
 * authorization request itself is refused.
 */
export async function consent(url: string, options: { username?: string; approve?: boolean; cookie?: "keep" | "drop" } = {}): Promise<ConsentResult> {
  const opened = await fetch(url, { redirect: "manual" });
  const page = await opened.text();
  if (opened.status !== 200)
    throw Object.assign(new Error(`authorize answered ${opened.status}`), { status: opened.status, page, location: opened.headers.get("location") });
  const cookie = (opened.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const form = new URLSearchParams({ request: hidden(page, "request"), csrf: hidden(page, "csrf"), decision: options.approve === false ? "deny" : "approve" });
  if (options.username !== undefined || options.approve !== false) form.set("username", options.username ?? "alice");
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? "";
  const answered = await fetch(new URL(action, url), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(options.cookie !== "drop" && { cookie }) },
    body: form.toString(),
  });
  const location = answered.headers.get("location");
  if (answered.status !== 302 || location === null)
    throw Object.assign(new Error(`the decision answered ${answered.status}`), { status: answered.status, page: await answered.text() });
  return { location, page };
}

export async function tokenRequest(
  base: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${base}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

/** `initialize`, then a tools/call in that session (2025-11-25) with a bearer token: the first refusal's or the call's status, body and challenge. */
export async function callTool(resource: string, token: string, name = "whoami"): Promise<{ status: number; body: unknown; challenge: string | null }> {
  const headers = {
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2025-11-25",
  };
  const initialize = { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "kit", version: "1" } };
  const opened = await fetch(resource, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: initialize }) });
  if (opened.status !== 200) return { status: opened.status, body: await opened.text(), challenge: opened.headers.get("www-authenticate") };
  await opened.text();
  const session = { "mcp-session-id": opened.headers.get("mcp-session-id") ?? "" };
  const response = await fetch(resource, {
    method: "POST",
    headers: { ...headers, ...session },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } }),
  });
  const text = await response.text();
  await fetch(resource, { method: "DELETE", headers: { ...headers, ...session } }).then((answer) => answer.text());
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // an SSE answer or an empty body stays text
  }
  return { status: response.status, body, challenge: response.headers.get("www-authenticate") };
}

/** One full sign-in: register a public client, consent as `username`, redeem the code. */
export async function signIn(
  server: RunningServer,
  options: { username?: string; scope?: string; grantTypes?: string[] } = {},
): Promise<{ client: Record<string, string>; tokens: Record<string, unknown>; verifier: string; redirectUri: string }> {
  const redirectUri = "http://127.0.0.1:9/callback";
  const client = await register(server.base, {
    client_name: "kit client",
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: "none",
    grant_types: options.grantTypes ?? ["authorization_code", "refresh_token"],
  });
  const { verifier, challenge } = pkce();
  const url = authorizationUrl(server.base, {
    response_type: "code",
    client_id: client.client_id as string,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: "st-1",
    resource: server.resource,
    ...(options.scope !== undefined && { scope: options.scope }),
  });
  const { location } = await consent(url, { username: options.username ?? "alice" });
  const code = new URL(location).searchParams.get("code");
  if (code === null) throw new Error(`no code in ${location}`);
  const { status, body } = await tokenRequest(server.base, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    client_id: client.client_id as string,
    resource: server.resource,
  });
  if (status !== 200) throw new Error(`token: ${status} ${JSON.stringify(body)}`);
  return { client, tokens: body, verifier, redirectUri };
}

export { quiet };
