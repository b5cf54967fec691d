/**
 * Every refusal the endpoint makes, over raw fetch: the status, a JSON body (never
 * HTML) and the JSON-RPC code from the one error table.
 */
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { INITIALIZE, POST_HEADERS, openSession, startFixture } from "./harness.js";

const PING = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });
const LIMIT = 1024;

interface Case {
  readonly name: string;
  /** Whether the request carries the id of a live session. */
  readonly session?: boolean;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly status: number;
  readonly code: number;
  readonly allow?: string;
}

const CASES: readonly Case[] = [
  { name: "PUT is not allowed", method: "PUT", body: PING, status: 405, code: -32011, allow: "GET, POST, DELETE" },
  { name: "PATCH is not allowed", method: "PATCH", body: PING, status: 405, code: -32011, allow: "GET, POST, DELETE" },
  { name: "POST without JSON content type", session: true, headers: { "content-type": "text/plain" }, body: PING, status: 415, code: -32013 },
  { name: "POST accepting only JSON", session: true, headers: { accept: "application/json" }, body: PING, status: 406, code: -32012 },
  { name: "POST accepting only SSE", session: true, headers: { accept: "text/event-stream" }, body: PING, status: 406, code: -32012 },
  { name: "GET without text/event-stream", method: "GET", session: true, headers: { accept: "application/json" }, status: 406, code: -32012 },
  { name: "malformed JSON", session: true, body: '{"jsonrpc":"2.0",', status: 400, code: -32700 },
  { name: "a JSON array (batch)", session: true, body: `[${PING}]`, status: 400, code: -32600 },
  { name: "a request without a session", body: PING, status: 400, code: -32600 },
  { name: "GET without a session", method: "GET", headers: { accept: "text/event-stream" }, status: 400, code: -32600 },
  { name: "DELETE without a session", method: "DELETE", status: 400, code: -32600 },
  { name: "an unknown session", headers: { "mcp-session-id": "no-such-session" }, body: PING, status: 404, code: -32006 },
  { name: "DELETE of an unknown session", method: "DELETE", headers: { "mcp-session-id": "no-such-session" }, status: 404, code: -32006 },
  { name: "an unsupported MCP-Protocol-Version", session: true, headers: { "mcp-protocol-version": "1999-01-01" }, body: PING, status: 400, code: -32022 },
  {
    name: "a body over the limit",
    session: true,
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(LIMIT) } }),
    status: 413,
    code: -32007,
  },
  { name: "a foreign Origin", session: true, headers: { origin: "https://evil.example" }, body: PING, status: 403, code: -32003 },
  { name: "Origin null", headers: { origin: "null" }, body: JSON.stringify(INITIALIZE), status: 403, code: -32003 },
  { name: "initialize carrying a session id", session: true, body: JSON.stringify(INITIALIZE), status: 400, code: -32600 },
];

describe("Streamable HTTP refusals", () => {
  it.each(CASES)("$name → $status", async (test) => {
    const { url } = await startFixture({ maxBodyBytes: LIMIT });
    const session = test.session ? { "mcp-session-id": await openSession(url) } : {};
    const method = test.method ?? "POST";
    const headers = { ...(method === "POST" ? POST_HEADERS : {}), ...session, ...test.headers };
    const response = await fetch(url, { method, headers, ...(test.body === undefined ? {} : { body: test.body }) });
    expect(response.status).toBe(test.status);
    expect(response.headers.get("content-type")).toBe("application/json");
    if (test.allow) expect(response.headers.get("allow")).toBe(test.allow);
    const body = (await response.json()) as { jsonrpc: string; error: { code: number; message: string } };
    expect(body).toMatchObject({ jsonrpc: "2.0", error: { code: test.code } });
    expect(body.error.message).not.toMatch(/\n\s+at /);
  });
});

describe("session refusals echo the request id", () => {
  it.each([
    { name: "no session", headers: {} },
    { name: "an unknown session", headers: { "mcp-session-id": "no-such-session" } },
  ])("with $name", async (test) => {
    const { url } = await startFixture();
    const response = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, ...test.headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: "req-7", method: "ping" }),
    });
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: "req-7", error: { code: expect.any(Number) } });
  });
});

describe("Host validation (DNS rebinding)", () => {
  // fetch may not set Host (a forbidden header), so this one goes through node:http.
  const post = (url: string, host: string) =>
    new Promise<{ status: number | undefined; type: string | undefined; body: string }>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { ...POST_HEADERS, host } }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body }));
      });
      req.on("error", reject);
      req.end(JSON.stringify(INITIALIZE));
    });

  it.each(["evil.example", "evil.example:3000", "127.0.0.1.nip.io"])("refuses Host %s with 403", async (host) => {
    const { url } = await startFixture();
    const response = await post(url, host);
    expect(response).toMatchObject({ status: 403, type: "application/json" });
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: -32003 } });
  });

  it.each(["localhost:1234", "127.0.0.1", "[::1]:80"])("accepts Host %s", async (host) => {
    const { url } = await startFixture();
    expect((await post(url, host)).status).toBe(200);
  });
});

describe("Streamable HTTP acceptance", () => {
  it("answers a notification with 202 and no body", async () => {
    const { url } = await startFixture();
    const id = await openSession(url);
    const response = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": id },
      body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
    });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
  });

  it("answers a plain request with one JSON body and an initialize with a session id", async () => {
    const { url } = await startFixture();
    const init = await fetch(url, { method: "POST", headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(init.status).toBe(200);
    expect(init.headers.get("content-type")).toBe("application/json");
    const id = init.headers.get("mcp-session-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await init.json()).toMatchObject({ id: 0, result: { protocolVersion: "2025-11-25" } });
    const ping = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": String(id), "mcp-protocol-version": "2025-11-25" },
      body: PING,
    });
    expect(ping.headers.get("content-type")).toBe("application/json");
    expect(await ping.json()).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it("streams a tool call that reports progress as SSE ending with the result", async () => {
    const { url } = await startFixture();
    const id = await openSession(url);
    const call = { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "echo", arguments: { text: "x", steps: 2 }, _meta: { progressToken: "p" } } };
    const response = await fetch(url, { method: "POST", headers: { ...POST_HEADERS, "mcp-session-id": id }, body: JSON.stringify(call) });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const frames = (await response.text()).split("\n\n").filter((frame) => frame !== "");
    // A priming event first (an id and no data), then each message with its id.
    expect(frames[0]).toMatch(/^id: p[0-9a-f]{12}_0\ndata: $/);
    const events = frames.slice(1).map((frame, index) => {
      const [id, event, data] = frame.split("\n");
      expect(id).toMatch(new RegExp(`^id: p[0-9a-f]{12}_${index + 1}$`));
      expect(event).toBe("event: message");
      return JSON.parse(data!.slice("data: ".length)) as Record<string, unknown>;
    });
    expect(events.map((event) => event.method ?? `reply ${String(event.id)}`)).toEqual([
      "notifications/message",
      "notifications/progress",
      "notifications/message",
      "notifications/progress",
      "reply 7",
    ]);
  });

  it("allows loopback browser origins by default and listed origins when configured", async () => {
    const local = await startFixture();
    const fromLocalhost = await fetch(local.url, {
      method: "POST",
      headers: { ...POST_HEADERS, origin: "http://localhost:5173" },
      body: JSON.stringify(INITIALIZE),
    });
    expect(fromLocalhost.status).toBe(200);
    await fromLocalhost.body?.cancel();
    const listed = await startFixture({ allowedOrigins: ["https://app.example.com"] });
    const fromApp = await fetch(listed.url, {
      method: "POST",
      headers: { ...POST_HEADERS, origin: "https://app.example.com" },
      body: JSON.stringify(INITIALIZE),
    });
    expect(fromApp.status).toBe(200);
    await fromApp.body?.cancel();
  });

  it("refuses initialize beyond maxSessions with 503 server_busy, and a failed initialize leaves no session", async () => {
    const { url } = await startFixture({ maxSessions: 1 });
    const bad = await fetch(url, {
      method: "POST",
      headers: POST_HEADERS,
      body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: "nope" }),
    });
    expect(bad.headers.get("mcp-session-id")).toBeNull();
    await bad.body?.cancel();
    await openSession(url);
    const refused = await fetch(url, { method: "POST", headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ id: 0, error: { code: -32014, message: "Too many sessions: try again later" } });
  });

  it("stops reading a chunked body (no Content-Length) at the limit and answers 413", async () => {
    const { url } = await startFixture({ maxBodyBytes: LIMIT });
    const session = await openSession(url);
    const response = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { ...POST_HEADERS, "mcp-session-id": session, "transfer-encoding": "chunked" } }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode, body }));
      });
      // The server may close before the whole upload is written; that is the point.
      req.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error)));
      for (let chunk = 0; chunk < 8; chunk++) req.write("x".repeat(LIMIT / 2));
      req.end();
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: -32007 } });
  });

  it("answers paths other than the endpoint with a JSON 404", async () => {
    const { url } = await startFixture();
    const response = await fetch(new URL("/other", url));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json");
  });
});

describe("MCP-Protocol-Version on a session", () => {
  it("may name any supported version, as the official conformance suite sends", async () => {
    const { url } = await startFixture();
    const session = await openSession(url);
    const response = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": session, "mcp-protocol-version": "2025-03-26" },
      body: PING,
    });
    expect(response.status).toBe(200);
  });
});
