/**
 * CORS on the MCP endpoint: preflights from allowed origins are answered 204 with
 * the MCP request headers (and the `Mcp-Param-*` names asked for, echoed); actual
 * answers expose `Mcp-Session-Id`; other origins get no CORS header and the Origin
 * check's 403.
 */
import { describe, expect, it } from "vitest";
import { createMcpApp } from "../../../packages/runtime/src/entries/express.js";
import { routes, startApp, statelessCall, toolText } from "./kit.js";

const APP = "https://app.example.com";
const EVIL = "https://evil.example";
const CORS_HEADERS = [
  "access-control-allow-origin",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-allow-credentials",
];

function preflight(origin: string, requestHeaders = "content-type, mcp-protocol-version, mcp-method, mcp-name", path = "/mcp") {
  return { method: "OPTIONS", path, headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requestHeaders } } as const;
}

function expectNoCors(headers: Readonly<Record<string, string>>): void {
  for (const name of CORS_HEADERS) expect(headers).not.toHaveProperty(name);
}

describe("CORS on the MCP endpoint", () => {
  it("answers a preflight from an allowed origin with 204 and the MCP headers", async () => {
    const { request } = await startApp({ allowedOrigins: [APP] });
    const response = await request(preflight(APP));
    expect(response.status).toBe(204);
    expect(response.body).toBe("");
    expect(response.headers["access-control-allow-origin"]).toBe(APP);
    expect(response.headers["access-control-allow-methods"]).toBe("GET, POST, DELETE");
    const allowed = response.headers["access-control-allow-headers"]!.split(", ");
    for (const name of ["content-type", "authorization", "mcp-session-id", "mcp-method", "mcp-name", "mcp-protocol-version", "last-event-id"])
      expect(allowed).toContain(name);
    expect(allowed).not.toContain("*");
    expect(response.headers["access-control-max-age"]).toBe("600");
    expect(response.headers.vary).toBe("Origin, Access-Control-Request-Headers");
    expect(response.headers).not.toHaveProperty("access-control-allow-credentials");
    // The security headers go on preflights too.
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("echoes the Mcp-Param-* headers a preflight asks for, and nothing else", async () => {
    const { request } = await startApp({ allowedOrigins: [APP] });
    const response = await request(preflight(APP, "Content-Type, Mcp-Param-Region, mcp-param-tenant_id, X-Evil, Mcp-Param-, Mcp-Param-a b"));
    const allowed = response.headers["access-control-allow-headers"]!.split(", ");
    expect(allowed).toContain("mcp-param-region");
    expect(allowed).toContain("mcp-param-tenant_id");
    expect(allowed).not.toContain("x-evil");
    expect(allowed.filter((name) => name.startsWith("mcp-param-"))).toEqual(["mcp-param-region", "mcp-param-tenant_id"]);
  });

  it("gives a preflight from another origin no CORS headers and the Origin check's 403", async () => {
    const { request } = await startApp({ allowedOrigins: [APP] });
    const response = await request(preflight(EVIL));
    expect(response.status).toBe(403);
    expectNoCors(response.headers);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: -32003 } });
  });

  it("exposes Mcp-Session-Id on answers to allowed origins and says nothing to others", async () => {
    const { request } = await startApp({ allowedOrigins: [APP] });
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "browser", version: "0" } },
    });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const allowed = await request({ headers: { ...headers, origin: APP }, body: initialize });
    expect(allowed.status).toBe(200);
    expect(allowed.headers["mcp-session-id"]).toBeTruthy();
    expect(allowed.headers["access-control-allow-origin"]).toBe(APP);
    expect(allowed.headers["access-control-expose-headers"]).toContain("Mcp-Session-Id");
    expect(allowed.headers.vary).toBe("Origin");
    const refused = await request({ headers: { ...headers, origin: EVIL }, body: initialize });
    expect(refused.status).toBe(403);
    expectNoCors(refused.headers);
  });

  it("is off by default, when only loopback origins pass the Origin check", async () => {
    const { request } = await startApp();
    const call = statelessCall("add", { a: 1, b: 2 });
    const response = await request({ headers: { ...call.headers, origin: "http://localhost:5173" }, body: call.body });
    expect(toolText(response)).toBe("3");
    expectNoCors(response.headers);
    // Without CORS an OPTIONS is just a method the endpoint does not serve.
    expect((await request(preflight("http://localhost:5173"))).status).toBe(405);
  });

  it("can be narrowed, switched off, and allow credentials", async () => {
    const other = "https://other.example.com";
    const narrowed = await startApp({ allowedOrigins: [APP, other], cors: { origins: [other], credentials: true, maxAgeSeconds: 60 } });
    const response = await narrowed.request(preflight(other));
    expect(response.headers["access-control-allow-origin"]).toBe(other);
    expect(response.headers["access-control-allow-credentials"]).toBe("true");
    expect(response.headers["access-control-max-age"]).toBe("60");
    expectNoCors((await narrowed.request(preflight(APP))).headers);
    const off = await startApp({ allowedOrigins: [APP], cors: false });
    expectNoCors((await off.request(preflight(APP))).headers);
  });

  it("answers any origin with * when every origin is allowed", async () => {
    const { request } = await startApp({ allowedOrigins: ["*"] });
    const response = await request(preflight(EVIL));
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(response.headers.vary).toBe("Access-Control-Request-Headers");
  });

  it("covers the legacy SSE endpoints with their own methods", async () => {
    const { request } = await startApp({ allowedOrigins: [APP] });
    const response = await request(preflight(APP, "content-type", "/messages"));
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-methods"]).toBe("GET, POST");
  });

  it("covers /.well-known on the Express side with the same allow-list", async () => {
    const { request } = await startApp({ allowedOrigins: [APP] }, (app) =>
      app.get("/.well-known/oauth-protected-resource", (_req, res) => void res.json({ resource: "x" })),
    );
    const allowed = await request({ method: "GET", path: "/.well-known/oauth-protected-resource", headers: { origin: APP } });
    expect(allowed.headers["access-control-allow-origin"]).toBe(APP);
    const other = await request({ method: "GET", path: "/.well-known/oauth-protected-resource", headers: { origin: EVIL } });
    expect(other.status).toBe(200);
    expect(other.headers).not.toHaveProperty("access-control-allow-origin");
  });

  it("refuses configurations that cannot work, at start-up", () => {
    expect(() => createMcpApp(routes, { allowedOrigins: ["*"], cors: { credentials: true } })).toThrow(/credentials/);
    expect(() => createMcpApp(routes, { allowedOrigins: [APP], cors: { origins: ["https://elsewhere.example"] } })).toThrow(/not allowed by allowedOrigins/);
    expect(() => createMcpApp(routes, { cors: { origins: ["https://app.example.com"] } })).toThrow(/not allowed by allowedOrigins/);
    expect(() => createMcpApp(routes, { allowedOrigins: [APP], cors: { origins: ["https://app.example.com/path"] } })).toThrow(/not an origin/);
  });
});
