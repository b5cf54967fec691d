/**
 * The legacy HTTP+SSE endpoints over raw HTTP: the endpoint event, refusals (status,
 * JSON-RPC body, never HTML), malformed bodies, limits, the life of a session, and
 * the handler mounted on its own in a plain node:http server.
 */
import { createServer as createHttpServer, get, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { routes as calculator } from "../../../examples/calculator/src/generated/routes.gen.js";
import { createLegacySseHandler, listenHttp } from "../../../packages/runtime/src/entries/http.js";
import { createServer, type McpServer, type Peer } from "../../../packages/runtime/src/index.js";
import { specChecker } from "../../helpers/spec-schemas.js";
import { JSON_HEADERS, eventually, initialize, openInitialized, openRaw, post, startLegacy } from "./legacy-sse-harness.js";

const PING = { jsonrpc: "2.0", id: 7, method: "ping" };
const LIMIT = 1024;

interface Refusal {
  readonly name: string;
  /** Sent to a live session's endpoint; otherwise to `path`. */
  readonly live?: boolean;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly status: number;
  readonly code: number;
  readonly id?: number | null;
  readonly allow?: string;
}

const REFUSALS: readonly Refusal[] = [
  { name: "an unknown sessionId", path: "/messages?sessionId=no-such-session", body: PING, status: 404, code: -32006, id: 7 },
  { name: "no sessionId", path: "/messages", body: PING, status: 400, code: -32600, id: 7 },
  { name: "a non-JSON content type", live: true, headers: { "content-type": "text/plain" }, body: PING, status: 415, code: -32013 },
  { name: "a body over the limit", live: true, body: { ...PING, params: { pad: "x".repeat(LIMIT) } }, status: 413, code: -32007 },
  { name: "a foreign Origin on POST", live: true, headers: { ...JSON_HEADERS, origin: "https://evil.example" }, body: PING, status: 403, code: -32003 },
  { name: "a foreign Origin on GET", path: "/sse", method: "GET", headers: { origin: "https://evil.example" }, status: 403, code: -32003 },
  { name: "PUT on the SSE path", path: "/sse", method: "PUT", body: PING, status: 405, code: -32011, allow: "GET" },
  { name: "GET on the messages path", path: "/messages", method: "GET", status: 405, code: -32011, allow: "POST" },
  {
    name: "a broken response, which JSON-RPC forbids answering",
    live: true,
    body: { jsonrpc: "2.0", id: 5, result: "not an object" },
    status: 400,
    code: -32600,
  },
];

describe("legacy SSE refusals", () => {
  it.each(REFUSALS)("$name → $status", async (test) => {
    const { sse } = await startLegacy(calculator, { maxBodyBytes: LIMIT });
    const target = test.live ? (await openRaw(sse)).endpoint : new URL(test.path ?? "/", sse).href;
    const method = test.method ?? "POST";
    const body = test.body === undefined ? {} : { body: JSON.stringify(test.body) };
    const response = await fetch(target, { method, headers: test.headers ?? (method === "POST" ? JSON_HEADERS : {}), ...body });
    expect(response.status).toBe(test.status);
    expect(response.headers.get("content-type")).toBe("application/json");
    if (test.allow) expect(response.headers.get("allow")).toBe(test.allow);
    const reply = (await response.json()) as { jsonrpc: string; id: unknown; error: { code: number; message: string } };
    expect(reply).toMatchObject({ jsonrpc: "2.0", error: { code: test.code } });
    if (test.id !== undefined) expect(reply.id).toBe(test.id);
    expect(reply.error.message).not.toMatch(/\n\s+at /);
  });

  it("a Host outside the allow-list → 403", async () => {
    const { sse } = await startLegacy(calculator);
    // fetch will not send a Host of its choosing; node:http will.
    const status = await new Promise<number>((resolve, reject) => {
      get(sse, { headers: { host: "attacker.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on("error", reject);
    });
    expect(status).toBe(403);
  });
});

describe("legacy SSE sessions", () => {
  it("announces the POST endpoint first and answers a 2024-11-05 initialize on the stream", async () => {
    const { sse } = await startLegacy(calculator);
    const stream = await openRaw(sse);
    expect(stream.endpoint).toMatch(new RegExp(`^${new URL("/messages", sse).href}\\?sessionId=[0-9a-f-]{36}$`));
    const accepted = await post(stream.endpoint, initialize("2024-11-05", "init"));
    expect(accepted.status).toBe(202);
    expect(await accepted.text()).toBe("");
    const reply = await stream.nextMessage();
    expect(reply).toMatchObject({ id: "init", result: { protocolVersion: "2024-11-05", serverInfo: { name: "calculator" } } });
    expect(specChecker("2024-11-05").check(reply, "initialize")).toEqual([]);
  });

  it("answers malformed bodies on the stream and keeps the session", async () => {
    const { sse } = await startLegacy(calculator);
    const stream = await openInitialized(sse);
    const checker = specChecker("2024-11-05");
    expect((await post(stream.endpoint, '{"jsonrpc":"2.0",')).status).toBe(202);
    const parseError = await stream.nextMessage();
    expect(parseError).toMatchObject({ error: { code: -32700 } });
    expect((await post(stream.endpoint, { jsonrpc: "2.0", id: 3, method: "tools/list", params: [1] })).status).toBe(202);
    const invalid = await stream.nextMessage();
    expect(invalid).toMatchObject({ id: 3, error: { code: -32600 } });
    expect(checker.check(invalid)).toEqual([]);
    await post(stream.endpoint, PING);
    expect(await stream.nextMessage()).toEqual({ jsonrpc: "2.0", id: 7, result: {} });
  });

  it("forgets the session once its stream closes", async () => {
    const { sse } = await startLegacy(calculator);
    const stream = await openInitialized(sse);
    stream.close();
    await eventually(async () => (await post(stream.endpoint, PING)).status === 404);
  });

  it("ends every stream when the listener closes", async () => {
    const { sse, listener } = await startLegacy(calculator);
    const stream = await openInitialized(sse);
    const ended = stream.next();
    await listener.close();
    expect(await ended).toBeUndefined();
  });

  it("refuses streams beyond maxSessions with 503 server_busy until one closes", async () => {
    const { sse } = await startLegacy(calculator, { legacySse: { maxSessions: 1 } });
    const first = await openRaw(sse);
    const refused = await fetch(sse, { headers: { accept: "text/event-stream" } });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: -32014, message: "Too many sessions: try again later" } });
    first.close();
    await eventually(async () => {
      const retry = await fetch(sse, { headers: { accept: "text/event-stream" } });
      await retry.body?.cancel();
      return retry.status === 200;
    });
  });

  it("sends keep-alive comments on a quiet stream", async () => {
    const { sse } = await startLegacy(calculator, { legacySse: { keepAliveMs: 20 } });
    const stream = await openRaw(sse);
    expect(await stream.next()).toMatchObject({ event: ":" });
  });

  it("moves to other paths, and the MCP endpoint still serves beside them", async () => {
    const { sse, listener } = await startLegacy(calculator, { legacySse: { ssePath: "/old/events", messagesPath: "/old/post" } });
    expect(new URL(sse).pathname).toBe("/old/events");
    const stream = await openRaw(sse);
    expect(new URL(stream.endpoint).pathname).toBe("/old/post");
    expect((await fetch(new URL("/sse", sse), { headers: { accept: "text/event-stream" } })).status).toBe(404);
    const modern = await fetch(listener.url, {
      method: "POST",
      headers: { ...JSON_HEADERS, accept: "application/json, text/event-stream" },
      body: JSON.stringify(initialize("2025-11-25")),
    });
    expect(modern.status).toBe(200);
  });

  it("is off with legacySse: false", async () => {
    const listener = await listenHttp(calculator, { port: 0, legacySse: false });
    try {
      expect(listener.legacySseUrl).toBeUndefined();
      const response = await fetch(new URL("/sse", listener.url), { headers: { accept: "text/event-stream" } });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: -32601 } });
    } finally {
      await listener.close();
    }
  });

  it("rejects bad paths at start-up", async () => {
    await expect(listenHttp(calculator, { port: 0, legacySse: { ssePath: "/mcp" } })).rejects.toThrow(/must differ/);
    expect(() => createLegacySseHandler(createServer(calculator), { messagesPath: "/post\nevent: x" })).toThrow(TypeError);
    expect(() => createLegacySseHandler(createServer(calculator), { keepAliveMs: 0 })).toThrow(/keepAliveMs/);
  });
});

describe("createLegacySseHandler on its own", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    servers.length = 0;
  });

  it("announces the mount prefix Express keeps in originalUrl, and disconnects the peer when the stream closes", async () => {
    const core = createServer(calculator);
    const disconnected: Peer[] = [];
    const server: McpServer = { ...core, disconnect: (peer) => (disconnected.push(peer), core.disconnect(peer)) };
    const legacy = createLegacySseHandler(server);
    // What Express does for app.use("/legacy", handler): strip the prefix, keep the full URL.
    const http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? "/";
      if (!url.startsWith("/legacy/")) return void res.writeHead(404).end();
      Object.assign(req, { originalUrl: url, url: url.slice("/legacy".length) });
      legacy(req, res);
    });
    servers.push(http);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const stream = await openInitialized(`${base}/legacy/sse`);
    expect(new URL(stream.endpoint).pathname).toBe("/legacy/messages");
    expect(legacy.sessionCount).toBe(1);
    stream.close();
    await eventually(() => legacy.sessionCount === 0);
    expect(disconnected).toHaveLength(1);
    legacy.close();
    const closed = await fetch(`${base}/legacy/sse`);
    expect(closed.status).toBe(503);
    expect(await closed.json()).toMatchObject({ error: { code: -32008 } });
  });
});
