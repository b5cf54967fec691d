/**
 * `listenHttp` serves `createMcpApp`: the same security headers, CORS, authenticator
 * and JSON 404s, with its own drain in front.
 */
import { afterEach, describe, expect, it } from "vitest";
import { listenHttp, type HttpListener } from "../../../packages/runtime/src/entries/http.js";
import { rawRequest } from "../../helpers/raw-http.js";
import { json, routes, statelessCall, toolText } from "./kit.js";

const listeners: HttpListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
});

describe("listenHttp", () => {
  it("applies the app's security policy", async () => {
    const authenticator = {
      authenticate: (request: { headers: Readonly<Record<string, unknown>> }) =>
        Promise.resolve(
          request.headers.authorization === "Bearer good"
            ? { ok: true as const, principal: { subject: "bob", scopes: [], scheme: "test", claims: {} } }
            : { ok: false as const, code: "unauthorized" as const, message: "Authentication required", wwwAuthenticate: 'Bearer realm="mcp"' },
        ),
    };
    const listener = await listenHttp(routes, {
      port: 0,
      allowedOrigins: ["https://app.example.com"],
      authenticator,
      logger: { error: () => {}, warn: () => {} },
    });
    listeners.push(listener);
    const port = Number(new URL(listener.url).port);
    const call = statelessCall("whoami");
    const refused = await rawRequest(port, { headers: call.headers, body: call.body });
    expect(refused?.status).toBe(401);
    expect(refused?.headers["www-authenticate"]).toBe('Bearer realm="mcp"');
    expect(refused?.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
    const accepted = await rawRequest(port, { headers: { ...call.headers, authorization: "Bearer good", origin: "https://app.example.com" }, body: call.body });
    expect(toolText(accepted!)).toBe("bob session=none");
    expect(accepted?.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    const preflight = await rawRequest(port, { method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "POST" } });
    expect(preflight?.status).toBe(204);
    const missing = await rawRequest(port, { method: "GET", path: "/elsewhere" });
    expect(missing?.status).toBe(404);
    expect(json(missing!)).toMatchObject({ error: { code: -32601, message: "Not found: the MCP endpoint is /mcp" } });
  });
});
