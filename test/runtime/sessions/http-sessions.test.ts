/**
 * The session manager behind both HTTP transports, over real HTTP on loopback:
 * request limits, eviction, principal binding, and session records shared through a
 * real redis-server by two server instances, one of them driven by the official SDK client.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RedisSessionStore } from "../../../packages/runtime/src/entries/redis.js";
import {
  createLegacySseHandler,
  createStreamableHttpHandler,
  setRequestCaller,
  type LegacySseHandler,
  type LegacySseOptions,
  type StreamableHttpHandler,
  type StreamableHttpOptions,
} from "../../../packages/runtime/src/entries/http.js";
import { createServer } from "../../../packages/runtime/src/index.js";
import { routes } from "../../fixtures/runtime/routes.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { INITIALIZE, POST_HEADERS } from "../http/harness.js";
import { JSON_HEADERS, eventually, initialize as legacyInitialize, openRaw, post } from "../http/legacy-sse-harness.js";

interface Served {
  readonly url: string;
  readonly sse: string;
  readonly mcp: StreamableHttpHandler;
  readonly legacy: LegacySseHandler;
}

const servers: { http: Server; mcp: StreamableHttpHandler; legacy: LegacySseHandler }[] = [];
const quiet = { error: () => {}, warn: () => {} };

afterEach(async () => {
  for (const { http, mcp, legacy } of servers.splice(0)) {
    mcp.close();
    legacy.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  }
});

/**
 * Both endpoints on one loopback server. `x-test-user` stands in for the auth
 * middleware: it records the caller the way setRequestCaller (transports/http/request-caller.ts) does.
 */
async function serve(options: StreamableHttpOptions = {}, legacyOptions: LegacySseOptions = {}): Promise<Served> {
  const server = createServer(routes, { logger: quiet });
  const mcp = createStreamableHttpHandler(server, { logger: quiet, ...options });
  const legacy = createLegacySseHandler(server, { logger: quiet, ...legacyOptions });
  const http = createHttpServer((req, res) => {
    const user = req.headers["x-test-user"];
    if (typeof user === "string") setRequestCaller(req, { principal: { subject: user, scopes: [], scheme: "test", claims: {} } });
    if ((req.url ?? "").startsWith("/mcp")) mcp(req, res);
    else legacy(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  servers.push({ http, mcp, legacy });
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { url: `${origin}/mcp`, sse: `${origin}/sse`, mcp, legacy };
}

async function open(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { method: "POST", headers: { ...POST_HEADERS, ...headers }, body: JSON.stringify(INITIALIZE) });
  const id = response.headers.get("mcp-session-id");
  await response.body?.cancel();
  if (response.status !== 200 || id === null) throw new Error(`initialize failed: ${response.status}`);
  return id;
}

function ping(url: string, session: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { ...POST_HEADERS, "mcp-session-id": session, ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "ping" }),
  });
}

describe("Streamable HTTP sessions", () => {
  it("ends a session after maxRequestsPerSession requests: the next gets 404 with the reason, and its GET stream ends", async () => {
    const { url, mcp } = await serve({ maxRequestsPerSession: 3 });
    const session = await open(url);
    const stream = await fetch(url, { headers: { accept: "text/event-stream", "mcp-session-id": session } });
    const reader = stream.body!.getReader();
    expect((await ping(url, session)).status).toBe(200);
    const refused = await ping(url, session);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({
      id: 7,
      error: { code: -32006, message: "Session ended: it reached its limit of 3 requests; initialize a new session" },
    });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
    expect((await ping(url, session)).status).toBe(404);
    expect((await ping(url, await open(url))).status).toBe(200);
    expect(mcp.sessions.stats()).toMatchObject({ created: 2, ended: 1, requestLimited: 1, active: 1 });
  });

  it('with evictSessions: "oldest-idle", a new session displaces the one idle longest; without it, 503', async () => {
    const evicting = await serve({ maxSessions: 2, evictSessions: "oldest-idle" });
    const [first, second] = [await open(evicting.url), await open(evicting.url)];
    const third = await open(evicting.url);
    expect((await ping(evicting.url, first)).status).toBe(404);
    expect((await ping(evicting.url, second)).status).toBe(200);
    expect((await ping(evicting.url, third)).status).toBe(200);
    expect(evicting.mcp.sessions.stats()).toMatchObject({ evicted: 1, active: 2 });

    const refusing = await serve({ maxSessions: 1 });
    const kept = await open(refusing.url);
    const refused = await fetch(refusing.url, { method: "POST", headers: POST_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(refused.status).toBe(503);
    expect((await ping(refusing.url, kept)).status).toBe(200);
  });

  it("binds a session to the principal that opened it: anyone else gets 404, as for an unknown id", async () => {
    const { url } = await serve();
    const session = await open(url, { "x-test-user": "alice" });
    const stolen = await ping(url, session, { "x-test-user": "mallory" });
    expect(stolen.status).toBe(404);
    expect(await stolen.json()).toMatchObject({ error: { code: -32006, message: "Session not found: initialize a new session" } });
    expect((await ping(url, session)).status).toBe(404);
    expect((await ping(url, session, { "x-test-user": "alice" })).status).toBe(200);
  });
});

describe("legacy SSE sessions", () => {
  it("ends the stream of a session past maxRequestsPerSession, answering the POST 404 with the reason", async () => {
    const { sse, legacy } = await serve({}, { maxRequestsPerSession: 2 });
    const stream = await openRaw(sse);
    expect((await post(stream.endpoint, legacyInitialize())).status).toBe(202);
    await stream.nextMessage();
    const refused = await post(stream.endpoint, { jsonrpc: "2.0", id: 3, method: "ping" });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({
      id: 3,
      error: { code: -32006, message: "Session ended: it reached its limit of 2 requests; open a new SSE stream" },
    });
    while ((await stream.next()) !== undefined);
    expect(legacy.sessions.stats()).toMatchObject({ requestLimited: 1, active: 0 });
  });

  it("binds the stream's session to the principal that opened it", async () => {
    const { sse } = await serve();
    const stream = await openRaw(sse, { "x-test-user": "alice" });
    const stolen = await post(stream.endpoint, legacyInitialize(), { ...JSON_HEADERS, "x-test-user": "mallory" });
    expect(stolen.status).toBe(404);
    expect((await post(stream.endpoint, legacyInitialize(), { ...JSON_HEADERS, "x-test-user": "alice" })).status).toBe(202);
    expect(await stream.nextMessage()).toMatchObject({ id: 0, result: { protocolVersion: "2024-11-05" } });
  });
});

describe("session records in Redis, shared by two instances", () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  const sdkClients: Client[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterEach(async () => {
    await Promise.all(sdkClients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });

  function store(): RedisSessionStore {
    const client = new Redis(redis.url);
    clients.push(client);
    return new RedisSessionStore({ client, keyPrefix: "http-test:" });
  }

  it("shows each instance's sessions, their counts and versions to the other, and forgets them when they end", async () => {
    const a = await serve({ sessionStore: store() });
    const b = await serve({ sessionStore: store() });
    const sdk = new Client({ name: "sessions-test", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(a.url));
    await sdk.connect(transport);
    sdkClients.push(sdk);
    await sdk.listTools();
    const raw = await open(b.url);
    await a.mcp.sessions.flush();
    await b.mcp.sessions.flush();

    const view = store();
    expect(await view.count()).toBe(2);
    // initialize, notifications/initialized, the GET stream, tools/list: the SDK may open its GET stream at any time.
    const fromA = await view.get(transport.sessionId!);
    expect(fromA).toMatchObject({ id: transport.sessionId, protocolVersion: "2025-11-25" });
    expect(fromA!.requests).toBeGreaterThanOrEqual(3);
    expect(await view.get(raw)).toMatchObject({ id: raw, requests: 1, protocolVersion: "2025-11-25" });
    // The session lives where its streams are: instance B does not serve A's session.
    expect((await ping(b.url, transport.sessionId!)).status).toBe(404);

    await transport.terminateSession();
    await a.mcp.sessions.flush();
    expect(await view.get(fromA!.id)).toBeUndefined();
    await eventually(async () => (await view.count()) === 1);
  });
});
