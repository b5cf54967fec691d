/**
 * The `oauth2` scheme end to end against a real authorization server (oidc-provider,
 * on loopback): the server finds the keys through the issuer's metadata, accepts only
 * tokens bound to its own `resource` and issued by a listed issuer, points every 401
 * at its RFC 9728 metadata, and maps the token's scopes onto the tool's.
 */
import type { Server } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpApp, type McpApp } from "../../../packages/runtime/src/entries/express.js";
import { createAuthenticator } from "../../../packages/runtime/src/entries/auth.js";
import { startAuthorizationServer, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";
import { closeApp, listening, oauth2Routes, quiet } from "./oauth2-kit.js";

let issuer: TestAuthorizationServer;
let stranger: TestAuthorizationServer;
let app: McpApp;
let http: Server;
let base: string;
let resource: string;

beforeAll(async () => {
  issuer = await startAuthorizationServer();
  stranger = await startAuthorizationServer();
  ({ http, base } = await listening());
  resource = `${base}/mcp`;
  app = createMcpApp(oauth2Routes(resource, issuer.issuer), { logger: quiet });
  http.on("request", app);
});

afterAll(async () => {
  await closeApp(http, app);
  await issuer.stop();
  await stranger.stop();
});

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};

function post(token: string | undefined, body: object = initialize, url = resource): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
}

async function callTool(token: string, name: string, url = resource): Promise<{ text: string; isError: boolean }> {
  const client = new Client({ name: "oauth2-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  try {
    const result = (await client.callTool({ name, arguments: {} })) as { content: { text: string }[]; isError?: boolean };
    return { text: result.content[0]?.text ?? "", isError: result.isError === true };
  } finally {
    await client.close();
  }
}

describe("the oauth2 scheme as a resource server", () => {
  it("publishes its protected resource metadata (RFC 9728) at the path-suffixed and root well-known URLs, to any origin", async () => {
    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const response = await fetch(`${base}${path}`, { headers: { origin: "https://inspector.example" } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(await response.json()).toEqual({
        resource,
        authorization_servers: [issuer.issuer],
        scopes_supported: ["mcp:read", "mcp:write"],
        bearer_methods_supported: ["header"],
      });
    }
  });

  it("answers a request without a token 401 with a challenge naming the metadata", async () => {
    const response = await post(undefined);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer realm="mcp", resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
  });

  it("accepts a token the listed issuer bound to this resource, found through its discovery document", async () => {
    const token = await issuer.token({ resource, scope: "mcp:read" });
    expect(await callTool(token, "whoami")).toEqual({ text: `oauth2:${issuer.clientId}`, isError: false });
  });

  it("refuses a call whose token lacks the tool's scope with 403 insufficient_scope naming the scope (step-up)", async () => {
    const token = await issuer.token({ resource, scope: "mcp:read" });
    const init = await post(token);
    expect(init.status).toBe(200);
    const session = init.headers.get("mcp-session-id") ?? "";
    const call = await fetch(resource, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${token}`,
        "mcp-session-id": session,
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "write", arguments: {} } }),
    });
    expect(call.status).toBe(403);
    const challenge = call.headers.get("www-authenticate") ?? "";
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="mcp:write"');
    expect(challenge).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
  });

  it.each([
    ["bound to another resource (RFC 8707)", async () => issuer.token({ resource: "https://other.example/mcp", scope: "mcp:read" })],
    ["from an issuer this server does not list", async () => stranger.token({ resource, scope: "mcp:read" })],
    ["unsigned (alg none)", async () => unsignedCopy(await issuer.token({ resource, scope: "mcp:read" }))],
    ["opaque (no introspection configured)", async () => issuer.opaqueToken("mcp:read")],
  ])("refuses a token %s with 401 invalid_token", async (_name, token) => {
    const response = await post(await token());
    expect(response.status).toBe(401);
    const challenge = response.headers.get("www-authenticate") ?? "";
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
  });
});

describe("opaque access tokens through introspection (RFC 7662)", () => {
  let opaqueIssuer: TestAuthorizationServer;
  let server: { http: Server; base: string };
  let opaqueApp: McpApp;
  let target: string;

  beforeAll(async () => {
    server = await listening();
    target = `${server.base}/mcp`;
    opaqueIssuer = await startAuthorizationServer({ opaqueResources: [target, "https://other.example/mcp"] });
    const routes = oauth2Routes(target, opaqueIssuer.issuer, { introspection: { clientIdEnv: "RS_CLIENT_ID", clientSecretEnv: "RS_CLIENT_SECRET" } });
    if (routes.auth === undefined) throw new Error("fixture without auth");
    const env = { RS_CLIENT_ID: opaqueIssuer.clientId, RS_CLIENT_SECRET: opaqueIssuer.clientSecret };
    opaqueApp = createMcpApp(routes, { logger: quiet, authenticator: createAuthenticator(routes.auth, { env, logger: quiet }) });
    server.http.on("request", opaqueApp);
  });

  afterAll(async () => {
    await closeApp(server.http, opaqueApp);
    await opaqueIssuer.stop();
  });

  it("accepts an opaque token the authorization server calls active for this resource", async () => {
    const token = await opaqueIssuer.token({ resource: target, scope: "mcp:read" });
    expect(token).not.toContain(".");
    expect(await callTool(token, "whoami", target)).toEqual({ text: `oauth2:${opaqueIssuer.clientId}`, isError: false });
  });

  it.each([
    ["bound to another resource", async () => opaqueIssuer.token({ resource: "https://other.example/mcp", scope: "mcp:read" })],
    ["that the authorization server never issued", async () => "c29tZXRoaW5nLXRoYXQtd2FzLW5ldmVyLWlzc3VlZA"],
    ["with no resource at all", async () => opaqueIssuer.opaqueToken("mcp:read")],
  ])("refuses an opaque token %s with 401 invalid_token", async (_name, token) => {
    const response = await post(await token(), initialize, target);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("refuses to start without the introspection client's credentials in the environment", () => {
    const routes = oauth2Routes(target, opaqueIssuer.issuer, { introspection: { clientIdEnv: "RS_CLIENT_ID", clientSecretEnv: "RS_CLIENT_SECRET" } });
    if (routes.auth === undefined) throw new Error("fixture without auth");
    const auth = routes.auth;
    expect(() => createAuthenticator(auth, { env: { RS_CLIENT_ID: "x" } })).toThrow(/RS_CLIENT_SECRET/);
  });
});

/** The same claims with `alg: none` and no signature: what a forger would send. */
function unsignedCopy(token: string): string {
  const [, payload] = token.split(".");
  const header = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url");
  return `${header}.${payload ?? ""}.`;
}
