/**
 * Authentication on the lean path: every MCP request is authenticated before its
 * body is read; a refusal goes out with its status, `WWW-Authenticate` and a
 * JSON-RPC error body; the accepted principal reaches the tool as `ctx.principal`
 * (both eras, and the legacy HTTP+SSE transport), with the official SDK client as
 * the peer. The HTTP limits hook sees the same caller and its refusals are sent
 * as they are.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { createAuthenticator, generateApiKey, type Authenticator } from "../../../packages/runtime/src/entries/auth.js";
import { createMcpEndpoint, httpRefusal, setRequestCaller, type HttpRequestCheck } from "../../../packages/runtime/src/entries/http.js";
import { createServer, type Caller } from "../../../packages/runtime/src/index.js";
import { json, routes, startApp, statelessCall, toolText } from "./kit.js";

const { key: KEY, hash } = generateApiKey("tmcp_");
const authenticator = createAuthenticator(
  { schemes: [{ type: "apiKey", header: "x-api-key", prefix: "tmcp_", keysEnv: "KEYS" }], required: true, hideUnauthorized: false },
  { env: { KEYS: JSON.stringify([{ id: "alice", hash, scopes: ["notes:read"] }]) } },
);

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function whoamiOverSdk(transport: StreamableHTTPClientTransport | SSEClientTransport): Promise<string> {
  const client = new Client({ name: "auth-test", version: "0" });
  clients.push(client);
  await client.connect(transport);
  const result = await client.callTool({ name: "whoami", arguments: {} });
  return (result.content as { text: string }[])[0]!.text;
}

describe("authentication on the MCP endpoint", () => {
  it("refuses a request without credentials: 401, WWW-Authenticate, a JSON-RPC error body", async () => {
    const { request } = await startApp({ authenticator });
    const call = statelessCall("whoami");
    const response = await request({ headers: call.headers, body: call.body });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer realm="mcp"/);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(json(response)).toMatchObject({ jsonrpc: "2.0", error: { code: -32001, message: expect.any(String) } });
    expect(json(response)).not.toHaveProperty("id");
  });

  it("refuses a wrong key without saying more than the authenticator allows", async () => {
    const { request } = await startApp({ authenticator });
    const call = statelessCall("whoami");
    const response = await request({ headers: { ...call.headers, "x-api-key": "tmcp_wrong" }, body: call.body });
    expect(response.status).toBe(401);
    expect(response.body).not.toContain("tmcp_wrong");
  });

  it("hands the accepted principal to the tool, over raw 2026-07-28 HTTP", async () => {
    const { request } = await startApp({ authenticator });
    const call = statelessCall("whoami");
    expect(toolText(await request({ headers: { ...call.headers, "x-api-key": KEY }, body: call.body }))).toBe("alice session=none");
  });

  it("hands the principal and the session to the tool, with the official SDK client on a legacy session", async () => {
    const { url } = await startApp({ authenticator });
    const text = await whoamiOverSdk(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { "x-api-key": KEY } } }));
    expect(text).toMatch(/^alice session=[0-9a-f-]{36}$/);
  });

  it("hands the principal to the tool over the legacy HTTP+SSE transport", async () => {
    const { port } = await startApp({ authenticator });
    const headers = { "x-api-key": KEY };
    const transport = new SSEClientTransport(new URL(`http://127.0.0.1:${port}/sse`), {
      requestInit: { headers },
      eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } }) },
    });
    expect(await whoamiOverSdk(transport)).toMatch(/^alice session=/);
  });

  it("refuses the SDK client without a key", async () => {
    const { url } = await startApp({ authenticator });
    const client = new Client({ name: "auth-test", version: "0" });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(url)))).rejects.toThrow(/Authentication required/);
  });

  it("answers 500 without detail when the authenticator throws", async () => {
    const broken: Authenticator = { authenticate: () => Promise.reject(new Error("JWKS at 10.0.0.7 timed out")) };
    const { request, errors } = await startApp({ authenticator: broken });
    const call = statelessCall("whoami");
    const response = await request({ headers: call.headers, body: call.body });
    expect(response.status).toBe(500);
    expect(response.body).not.toContain("10.0.0.7");
    expect(errors).toEqual(["MCP request admission failed (authenticator, tenant or HTTP limits)"]);
  });

  it("refuses a repeated Authorization header instead of judging its first value (Node keeps only that one in req.headers)", async () => {
    const bearer = createAuthenticator(
      { schemes: [{ type: "apiKey", header: "authorization", prefix: "tmcp_", keysEnv: "KEYS" }], required: true, hideUnauthorized: false },
      { env: { KEYS: JSON.stringify([{ id: "alice", hash, scopes: [] }]) } },
    );
    const { request } = await startApp({ authenticator: bearer });
    const call = statelessCall("whoami");
    const twice = await request({ headers: { ...call.headers, authorization: [`Bearer ${KEY}`, "Bearer tmcp_someone-else"] }, body: call.body });
    expect(twice.status).toBe(400);
    expect(twice.headers["www-authenticate"]).toMatch(/error="invalid_request"/);
    expect(toolText(await request({ headers: { ...call.headers, authorization: `Bearer ${KEY}` }, body: call.body }))).toBe("alice session=none");
  });

  it("lets anonymous callers through when the authenticator allows them", async () => {
    const open: Authenticator = { authenticate: () => Promise.resolve({ ok: true, principal: undefined }) };
    const { request } = await startApp({ authenticator: open });
    const call = statelessCall("whoami");
    expect(toolText(await request({ headers: call.headers, body: call.body }))).toBe("anonymous session=none");
  });
});

describe("authentication middleware of your own", () => {
  it("reaches the tool through setRequestCaller in front of an endpoint mounted in Express", async () => {
    const mcp = createMcpEndpoint(createServer(routes, { logger: { error: () => {}, warn: () => {} } }), { legacySse: false, path: "/own" });
    const { request } = await startApp({}, (app) => {
      app.use("/own", (req, _res, next) => {
        setRequestCaller(req, { principal: { subject: req.get("x-user") ?? "nobody", scopes: [], scheme: "sso", claims: {} } });
        next();
      });
      app.all("/own", (req, res) => mcp(req, res));
    });
    try {
      const call = statelessCall("whoami");
      expect(toolText(await request({ path: "/own", headers: { ...call.headers, "x-user": "carol" }, body: call.body }))).toBe("carol session=none");
    } finally {
      mcp.close();
    }
  });
});

describe("HTTP limits hook", () => {
  it("sees the authenticated caller before the body is read, and its refusal is sent as it is", async () => {
    const seen: Caller[] = [];
    const limits: HttpRequestCheck = (_req, caller) => {
      seen.push(caller);
      return seen.length > 1 ? httpRefusal("rate_limited", "Too many requests", { "retry-after": "7" }) : undefined;
    };
    const { request } = await startApp({ authenticator, httpLimits: limits });
    const call = statelessCall("whoami");
    const first = await request({ headers: { ...call.headers, "x-api-key": KEY }, body: call.body });
    expect(toolText(first)).toBe("alice session=none");
    const second = await request({ headers: { ...call.headers, "x-api-key": KEY }, body: call.body });
    expect(second.status).toBe(429);
    expect(second.headers["retry-after"]).toBe("7");
    expect(json(second)).toMatchObject({ error: { code: -32004, message: "Too many requests" } });
    expect(seen.map((caller) => caller.principal?.subject)).toEqual(["alice", "alice"]);
  });

  it("is not called when it says it is disabled; for a request the authenticator refused it counts the attempt, anonymously", async () => {
    let calls = 0;
    const disabled = Object.assign(
      () => {
        calls++;
        return undefined;
      },
      { enabled: false },
    );
    const { request } = await startApp({ httpLimits: disabled });
    const call = statelessCall("add", { a: 1, b: 1 });
    expect(toolText(await request({ headers: call.headers, body: call.body }))).toBe("2");
    const callers: unknown[] = [];
    const refusing = await startApp({ authenticator, httpLimits: (_req, caller) => void callers.push(caller) });
    expect((await refusing.request({ headers: call.headers, body: call.body })).status).toBe(401);
    // A failed attempt counts against the per-IP limit, so guessing credentials is limited too.
    expect(calls).toBe(0);
    expect(callers).toEqual([{}]);
  });
});
