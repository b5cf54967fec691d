/**
 * One suite for sessions shared between instances, run on every bus and store pair
 * (memory in one process, Redis on a real redis-server): three Streamable HTTP
 * endpoints on loopback, each its own server as separate processes would have, and
 * the official SDK v1 client whose every request goes to the next endpoint in turn,
 * as a round-robin load balancer without stickiness sends them.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import {
  createStreamableHttpHandler,
  setRequestCaller,
  type ClusterBus,
  type EventStore,
  type SharedSessionStore,
  type StreamableHttpHandler,
  type StreamableHttpOptions,
} from "../../../packages/runtime/src/entries/http.js";
import { createServer, defineRoutes, toolRoute, type McpServer, type Peer, type RequestRecord } from "../../../packages/runtime/src/index.js";
import { routes as fixtureRoutes } from "../../fixtures/runtime/routes.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { INITIALIZE, POST_HEADERS } from "../http/harness.js";

export interface ClusterFixture {
  /** A store every instance of one test shares, empty. */
  store(): Promise<SharedSessionStore>;
  /** One instance's bus, every bus of one test hearing the others, and its view of the event store they share (on the bus's connection). */
  instance(): Promise<{ readonly bus: ClusterBus; readonly eventStore: EventStore }>;
  /** Undoes what `store` and `bus` made for the test. */
  cleanup(): Promise<void>;
}

const quiet = { error: () => {}, warn: () => {} };
const noInput = { type: "object", properties: {}, additionalProperties: false } as const;

/** The fixture's routes plus `wait`, which runs until it is cancelled (or 30 s pass). */
const routes = defineRoutes({
  server: fixtureRoutes.server,
  tools: [
    ...fixtureRoutes.tools.values(),
    toolRoute<object, string>({
      definition: { name: "wait", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: async (_input, ctx) => {
        await sleep(30_000, undefined, { signal: ctx.signal });
        return "done";
      },
      policy: { scopes: [], timeoutMs: 60_000 },
    }),
  ],
  resources: [...fixtureRoutes.resources.values()],
  resourceTemplates: fixtureRoutes.resourceTemplates,
  prompts: [...fixtureRoutes.prompts.values()],
});

interface Instance {
  readonly url: string;
  readonly server: McpServer;
  readonly mcp: StreamableHttpHandler;
  readonly records: RequestRecord[];
  readonly http: Server;
  readonly bus: ClusterBus;
}

/** A `fetch` that sends each request to the next URL in turn, and remembers where each went. */
function roundRobin(urls: readonly string[]): { fetch: typeof fetch; landed: number[] } {
  let next = 0;
  const landed: number[] = [];
  return {
    landed,
    fetch: (input, init) => {
      const index = next++ % urls.length;
      landed.push(index);
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      return fetch(urls[index]! + url.search, init);
    },
  };
}

export function sharedSessionSuite(name: string, fixture: ClusterFixture): void {
  describe(`sessions shared between instances: ${name}`, () => {
    const instances: Instance[] = [];
    const clients: Client[] = [];

    afterEach(async () => {
      for (const client of clients.splice(0)) await client.close().catch(() => {});
      for (const { http, mcp, bus } of instances.splice(0)) {
        mcp.close();
        await bus.close();
        http.closeAllConnections();
        await new Promise((resolve) => http.close(resolve));
      }
      await fixture.cleanup();
    });

    /** The store the instances of the running test share. */
    let store: SharedSessionStore;

    async function start(count: number, options: StreamableHttpOptions = {}): Promise<Instance[]> {
      store = await fixture.store();
      for (let index = 0; index < count; index++) {
        const records: RequestRecord[] = [];
        const { bus, eventStore } = await fixture.instance();
        const server = createServer(routes, { logger: quiet, observers: [{ onRequest: (record) => records.push(record) }] });
        const mcp = createStreamableHttpHandler(server, { logger: quiet, sessionStore: store, cluster: bus, eventStore, ...options });
        const http = createHttpServer((req, res) => {
          const user = req.headers["x-test-user"];
          if (typeof user === "string") setRequestCaller(req, { principal: { subject: user, scopes: [], scheme: "test", claims: {} } });
          mcp(req, res);
        });
        await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
        instances.push({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`, server, mcp, records, http, bus });
      }
      return instances;
    }

    async function connect(urls: readonly string[], capabilities = {}): Promise<{ client: Client; landed: number[]; sessionId: string }> {
      const { fetch: spread, landed } = roundRobin(urls);
      const client = new Client({ name: "round-robin", version: "1.0.0" }, { capabilities });
      const transport = new StreamableHTTPClientTransport(new URL(urls[0]!), { fetch: spread });
      await client.connect(transport);
      clients.push(client);
      return { client, landed, sessionId: transport.sessionId ?? "" };
    }

    it("serves one session from every instance, each restoring it once from the store", async () => {
      const all = await start(3);
      const { client, landed } = await connect(all.map((instance) => instance.url));
      for (let round = 0; round < 3; round++) {
        expect(await client.callTool({ name: "add", arguments: { a: round, b: 2 } })).toMatchObject({ structuredContent: { sum: round + 2 } });
        expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("wait");
      }
      // initialize, notifications/initialized, then the six requests: spread over all three.
      expect(new Set(landed)).toEqual(new Set([0, 1, 2]));
      const stats = all.map((instance) => instance.mcp.sessions.stats());
      expect(stats.map((stat) => stat.created)).toEqual([1, 0, 0]);
      expect(stats.map((stat) => stat.restored)).toEqual([0, 1, 1]);
      // Every instance served requests.
      for (const instance of all) expect(instance.records.length).toBeGreaterThan(0);
    });

    it("serves with the negotiated version and the log level the client set on another instance", async () => {
      const all = await start(3);
      const { client } = await connect(all.map((instance) => instance.url));
      const logged: string[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logged.push(notification.params.level));
      // The other instances' copies take a change within the bus's latency, not before the reply.
      const id = (client.transport as StreamableHTTPClientTransport).sessionId ?? "";
      const levelOn = ({ mcp, server }: Instance): string | undefined => {
        // (An HTTP session is its own peer.) No copy here: a request restores one from the record, which has the level.
        const copy = mcp.sessions.get(id) as unknown as Peer | undefined;
        return copy === undefined ? level : server.sessionState(copy)?.logLevel;
      };
      let level = "";
      const everywhere = async (wanted: string): Promise<void> => {
        level = wanted;
        await expect.poll(() => all.map(levelOn)).toEqual(all.map(() => wanted));
      };
      await client.setLoggingLevel("warning");
      await everywhere("warning");
      await client.callTool({ name: "echo", arguments: { text: "a", steps: 2 } });
      await client.callTool({ name: "echo", arguments: { text: "b", steps: 2 } });
      expect(logged).toEqual([]);
      await client.setLoggingLevel("debug");
      await everywhere("debug");
      await client.callTool({ name: "echo", arguments: { text: "c", steps: 2 } });
      await client.callTool({ name: "echo", arguments: { text: "d", steps: 2 } });
      expect(logged.filter((level) => level === "debug")).toHaveLength(2);
      expect(logged.filter((level) => level === "info")).toHaveLength(4);
      // Every instance served the session with the version initialize negotiated on instance 0.
      expect(new Set(all.flatMap((instance) => instance.records.map((record) => record.protocolVersion)))).toEqual(new Set(["2025-11-25"]));
    });

    it("brings the client's answer to an elicitation back to the instance that asked, whichever instance it reaches", async () => {
      const all = await start(2);
      const { client, landed } = await connect(
        all.map((instance) => instance.url),
        { elicitation: {} },
      );
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
      for (let round = 0; round < 2; round++) {
        const before = landed.length;
        const result = await client.callTool({ name: "ask_user", arguments: {} });
        expect(result.content).toEqual([{ type: "text", text: 'accept: {"name":"Ada"}' }]);
        // The call and the answer went to different instances.
        expect(landed[before]).not.toBe(landed[before + 1]);
      }
    });

    it("cancels a request on the instance running it when the cancellation reaches another", async () => {
      const all = await start(2);
      const { client } = await connect(all.map((instance) => instance.url));
      const abort = new AbortController();
      const call = client.callTool({ name: "wait", arguments: {} }, undefined, { signal: abort.signal });
      await expect.poll(() => all.some((instance) => instance.mcp.sessions.stats().requests > 0)).toBe(true);
      await sleep(50);
      abort.abort("enough");
      await expect(call).rejects.toThrow();
      await expect
        .poll(() => all.flatMap((instance) => instance.records).find((record) => record.target === "wait")?.outcome, { timeout: 10_000 })
        .toBe("cancelled");
    });

    it("resumes a dropped POST stream on another instance: every message once, then the reply", async () => {
      const all = await start(2);
      const sessionId = await rawInitialize(all[0]!.url);
      const call = {
        jsonrpc: "2.0",
        id: 5,
        method: "tools/call",
        params: { name: "echo", arguments: { text: "x", steps: 30 }, _meta: { progressToken: "p" } },
      };
      const post = await openSse(all[0]!.url, sessionId, { method: "POST", body: JSON.stringify(call) });
      await expect.poll(() => post.events().filter((event) => event.includes("notifications/progress")).length).toBeGreaterThanOrEqual(2);
      post.close();
      const seen = post.events().filter((event) => event.includes("notifications/progress"));
      const resumed = await openSse(all[1]!.url, sessionId, { headers: { "last-event-id": lastIdOf(seen.at(-1)!) } });
      await expect(resumed.ended).resolves.toBe(true);
      const progress = [...seen, ...resumed.events()]
        .filter((event) => event.includes("notifications/progress"))
        .map((event) => /"progress":(\d+)/.exec(event)?.[1]);
      expect(progress).toEqual(Array.from({ length: 30 }, (_, index) => String(index + 1)));
      expect(resumed.events().at(-1)).toContain('"text":"echo: x"');
    });

    it("carries the GET stream's messages to the instance holding it, ends an older GET stream elsewhere, and resumes it on a third", async () => {
      const all = await start(3);
      const sessionId = await rawInitialize(all[0]!.url);
      const uri = "docs://readme";
      await rawPost(all[0]!.url, sessionId, { jsonrpc: "2.0", id: 1, method: "resources/subscribe", params: { uri } });
      const first = await openSse(all[0]!.url, sessionId);
      const second = await openSse(all[1]!.url, sessionId);
      // The older stream ends once instance 1 holds the session's GET stream.
      await expect(first.ended).resolves.toBe(true);
      const updates = (stream: { events(): string[] }): string[] => stream.events().filter((event) => event.includes("notifications/resources/updated"));
      all[2]!.server.notifyResourceUpdated(uri);
      await expect.poll(() => updates(second).length).toBe(1);
      second.close();
      // Resumed on instance 2 from its last event: the same stream, numbered on.
      const last = lastIdOf(updates(second)[0]!);
      const resumed = await openSse(all[2]!.url, sessionId, { headers: { "last-event-id": last } });
      all[0]!.server.notifyResourceUpdated(uri);
      await expect.poll(() => updates(resumed).length).toBe(1);
      const [stream, seq] = last.split("_");
      expect(lastIdOf(updates(resumed)[0]!)).toBe(`${stream}_${Number(seq) + 1}`);
      resumed.close();
    });

    it("ends the session for every instance when the client deletes it on one", async () => {
      const all = await start(3);
      const sessionId = await rawInitialize(all[0]!.url);
      for (const instance of all) expect((await rawPost(instance.url, sessionId, { jsonrpc: "2.0", id: 1, method: "ping" })).status).toBe(200);
      expect((await fetch(all[1]!.url, { method: "DELETE", headers: { "mcp-session-id": sessionId } })).status).toBe(204);
      // Every copy goes once the bus delivers the news, before any request could find it stale.
      await expect.poll(() => all.map((instance) => instance.mcp.sessions.get(sessionId) === undefined)).toEqual([true, true, true]);
      for (const instance of all) expect((await rawPost(instance.url, sessionId, { jsonrpc: "2.0", id: 2, method: "ping" })).status).toBe(404);
    });

    it("counts requests on the session, not per instance, against maxRequestsPerSession (each written at once)", async () => {
      const all = await start(3, { maxRequestsPerSession: 6, sessionCountFlushMs: 0 });
      const sessionId = await rawInitialize(all[0]!.url);
      const statuses: number[] = [];
      for (let index = 0; index < 9; index++) {
        statuses.push((await rawPost(all[index % 3]!.url, sessionId, { jsonrpc: "2.0", id: index, method: "ping" })).status);
        await sleep(20);
      }
      // initialize is the first of six; per instance the count would never reach the limit.
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(6)).toEqual([404, 404, 404]);
    });

    it("adds the requests of a window to the record in one write, by default", async () => {
      const all = await start(2, { sessionCountFlushMs: 200 });
      const sessionId = await rawInitialize(all[0]!.url);
      for (let index = 0; index < 10; index++) await rawPost(all[index % 2]!.url, sessionId, { jsonrpc: "2.0", id: index, method: "ping" });
      // initialize, notifications/initialized and the ten pings: all on the record once the windows closed.
      await expect.poll(async () => (await store.get(sessionId))?.requests, { timeout: 5_000 }).toBe(12);
    });

    it("keeps a session bound to its owner on every instance", async () => {
      const all = await start(2);
      const sessionId = await rawInitialize(all[0]!.url, { "x-test-user": "alice" });
      expect((await rawPost(all[1]!.url, sessionId, { jsonrpc: "2.0", id: 1, method: "ping" }, { "x-test-user": "mallory" })).status).toBe(404);
      expect((await rawPost(all[1]!.url, sessionId, { jsonrpc: "2.0", id: 2, method: "ping" })).status).toBe(404);
      expect((await rawPost(all[1]!.url, sessionId, { jsonrpc: "2.0", id: 3, method: "ping" }, { "x-test-user": "alice" })).status).toBe(200);
    });

    it("counts a principal's sessions on every instance against maxSessionsPerPrincipal, and gives one back when it is deleted", async () => {
      const all = await start(3, { maxSessionsPerPrincipal: 2 });
      const alice = { "x-test-user": "alice" };
      const first = await rawInitialize(all[0]!.url, alice);
      await rawInitialize(all[1]!.url, alice);
      // Each instance holds at most one of alice's sessions: only the shared count refuses the third.
      const refused = await fetch(all[2]!.url, { method: "POST", headers: { ...POST_HEADERS, ...alice }, body: JSON.stringify(INITIALIZE) });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("mcp-session-id")).toBeNull();
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/Too many sessions for this caller \(2\)/);
      expect(all[2]!.mcp.sessions.size).toBe(0);
      // Another principal is not affected.
      await rawInitialize(all[2]!.url, { "x-test-user": "bob" });
      const deleted = await fetch(all[2]!.url, {
        method: "DELETE",
        headers: { ...POST_HEADERS, ...alice, "mcp-session-id": first, "mcp-protocol-version": "2025-11-25" },
      });
      expect(deleted.status).toBe(204);
      await rawInitialize(all[2]!.url, alice);
    });

    it("leaves the session to the other instances when one shuts down", async () => {
      const all = await start(2);
      const { client } = await connect(all.map((instance) => instance.url));
      await client.callTool({ name: "add", arguments: { a: 1, b: 1 } });
      all[0]!.mcp.close();
      // Instance 0 now answers 503; the session lives on instance 1.
      const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId ?? "";
      expect((await rawPost(all[0]!.url, sessionId, { jsonrpc: "2.0", id: 1, method: "ping" })).status).toBe(503);
      expect((await rawPost(all[1]!.url, sessionId, { jsonrpc: "2.0", id: 2, method: "ping" })).status).toBe(200);
      expect(all[0]!.mcp.sessions.stats()).toMatchObject({ released: 1, ended: 0 });
    });

    it("tells a legacy subscriber of a change made on any instance, once, on the instance holding its GET stream", async () => {
      const all = await start(3);
      const sessionId = await rawInitialize(all[0]!.url);
      const uri = "docs://readme";
      expect((await rawPost(all[1]!.url, sessionId, { jsonrpc: "2.0", id: 1, method: "resources/subscribe", params: { uri } })).status).toBe(200);
      const stream = await openSse(all[2]!.url, sessionId);
      const updates = (): number => stream.events().filter((event) => event.includes("notifications/resources/updated")).length;
      all[0]!.server.notifyResourceUpdated(uri);
      await expect.poll(updates).toBe(1);
      all[1]!.server.notifyResourceUpdated(uri);
      await expect.poll(updates).toBe(2);
      // Unsubscribed on yet another instance: no instance tells it any more.
      expect((await rawPost(all[0]!.url, sessionId, { jsonrpc: "2.0", id: 2, method: "resources/unsubscribe", params: { uri } })).status).toBe(200);
      // The bus brings the change to the other copies (within its latency, not before the reply).
      // (An HTTP session is its own peer.)
      const copy = all[2]!.mcp.sessions.get(sessionId) as unknown as Peer;
      await expect.poll(() => all[2]!.server.sessionState(copy)?.subscriptions).toEqual([]);
      all[2]!.server.notifyResourceUpdated(uri);
      all[0]!.server.notifyResourceUpdated("docs://other");
      await sleep(200);
      expect(updates()).toBe(2);
      stream.close();
    });

    it("tells a 2026-07-28 subscriptions/listen stream of a change made on another instance, once", async () => {
      const all = await start(3);
      const uri = "docs://readme";
      const abort = new AbortController();
      const response = await fetch(all[1]!.url, {
        method: "POST",
        headers: { ...POST_HEADERS, "mcp-protocol-version": "2026-07-28", "mcp-method": "subscriptions/listen" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: "listen-1",
          method: "subscriptions/listen",
          params: {
            notifications: { resourceSubscriptions: [uri] },
            _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} },
          },
        }),
        signal: abort.signal,
      });
      const events: string[] = [];
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) return;
          events.push(...(value ?? "").split("\n\n").filter((event) => event.trim() !== ""));
        }
      })();
      await expect.poll(() => events.some((event) => event.includes("notifications/subscriptions/acknowledged"))).toBe(true);
      all[0]!.server.notifyResourceUpdated(uri);
      all[2]!.server.notifyResourceUpdated(uri);
      await expect.poll(() => events.filter((event) => event.includes("notifications/resources/updated")).length).toBe(2);
      await sleep(100);
      expect(events.filter((event) => event.includes("notifications/resources/updated"))).toHaveLength(2);
      abort.abort();
    });

    it("answers 404 for an id no instance ever issued", async () => {
      const all = await start(2);
      expect((await rawPost(all[1]!.url, "no-such-session", { jsonrpc: "2.0", id: 1, method: "ping" })).status).toBe(404);
    });
  });
}

async function rawPost(url: string, sessionId: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...POST_HEADERS, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25", ...headers },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response;
}

async function rawInitialize(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { method: "POST", headers: { ...POST_HEADERS, ...headers }, body: JSON.stringify(INITIALIZE) });
  await response.arrayBuffer();
  const sessionId = response.headers.get("mcp-session-id") ?? "";
  expect(sessionId).not.toBe("");
  await rawPost(url, sessionId, { jsonrpc: "2.0", method: "notifications/initialized" }, headers);
  return sessionId;
}

/** An SSE response read in the background (a GET stream unless `init` says otherwise): its events so far, and whether the server ended it. */
async function openSse(url: string, sessionId: string, init: RequestInit = {}): Promise<{ events(): string[]; ended: Promise<boolean>; close(): void }> {
  const abort = new AbortController();
  const response = await fetch(url, {
    ...init,
    headers: {
      ...POST_HEADERS,
      accept: "application/json, text/event-stream",
      "mcp-session-id": sessionId,
      "mcp-protocol-version": "2025-11-25",
      ...(init.headers as Record<string, string>),
    },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const events: string[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return true;
        buffer += value;
        const frames = buffer.split("\n\n");
        buffer = frames.pop()!;
        events.push(...frames.filter((frame) => frame.includes("data: {")));
      }
    } catch {
      return false;
    }
  })();
  return { events: () => events, ended, close: () => abort.abort() };
}

/** The id of an SSE event. */
function lastIdOf(event: string): string {
  return /^id: (\S+)$/m.exec(event)?.[1] ?? "";
}
