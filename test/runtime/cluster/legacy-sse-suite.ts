/**
 * One suite for legacy HTTP+SSE (2024-11-05) sessions behind a round-robin balancer,
 * run on every bus and store pair (memory in one process, Redis on a real
 * redis-server): a session's stream stays on one instance and its POSTs land on the
 * others, which carry them over the bus to it.
 */
import { ElicitRequestSchema, LoggingMessageNotificationSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { POST_HEADERS } from "../http/harness.js";
import { Cluster, initialize, initializeThrough, openStream, settle } from "./legacy-sse-harness.js";
import type { ClusterFixture } from "./shared-sessions-suite.js";

const text = (result: unknown): string | undefined => {
  const [first] = (result as CallToolResult).content;
  return first?.type === "text" ? first.text : undefined;
};

const ping = (id: number | string) => ({ jsonrpc: "2.0", id, method: "ping" });
const call = (id: number | string, name: string, args: object = {}) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

export function legacySseClusterSuite(name: string, fixture: ClusterFixture): void {
  describe(`legacy SSE sessions across instances: ${name}`, () => {
    const cluster = new Cluster(fixture);
    afterEach(() => cluster.stop());

    it("serves the SDK client whose every POST lands on another instance than its stream", async () => {
      const all = await cluster.start(3);
      const { client, landed } = await cluster.connect(0);
      const logged: string[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logged.push(notification.params.level));
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("whoami");
      await client.setLoggingLevel("debug");
      const progress: number[] = [];
      const echoed = await client.callTool({ name: "echo", arguments: { text: "hi", steps: 3 } }, undefined, {
        onprogress: (update) => progress.push(update.progress),
      });
      expect(text(echoed)).toBe("echo: hi");
      expect(progress).toEqual([1, 2, 3]);
      expect(logged).toEqual(["debug", "info", "info", "info"]);
      expect(text(await client.callTool({ name: "add", arguments: { a: 2, b: 3 } }))).toContain("5");
      // initialize, notifications/initialized, then four requests: on instances 1 and 2 only.
      expect(new Set(landed)).toEqual(new Set([1, 2]));
      // The holder served them all; the others only carried them.
      expect(all.map((instance) => instance.legacy.sessionCount)).toEqual([1, 0, 0]);
      expect(all[0]!.records.map((record) => record.method)).toEqual(["initialize", "tools/list", "logging/setLevel", "tools/call", "tools/call"]);
      expect(all[1]!.records.concat(all[2]!.records)).toEqual([]);
    });

    it("brings the client's answer to an elicitation to the instance that asked, from whichever instance it reaches", async () => {
      const all = await cluster.start(3);
      const { client, landed } = await cluster.connect(1, { elicitation: {} });
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
      for (let round = 0; round < 2; round++) {
        const before = landed.length;
        expect(text(await client.callTool({ name: "ask_user", arguments: {} }))).toBe('accept: {"name":"Ada"}');
        // The call and the answer went to the two other instances.
        expect(new Set(landed.slice(before))).toEqual(new Set([0, 2]));
      }
      expect(all[1]!.records.filter((record) => record.target === "ask_user").map((record) => record.outcome)).toEqual(["ok", "ok"]);
    });

    it("serves each message as the caller the receiving instance established", async () => {
      const all = await cluster.start(3);
      const alice = { "x-test-user": "alice", "x-test-tenant": "acme" };
      const stream = await openStream(all[0]!, alice);
      await initializeThrough(stream, all[1]!);
      expect((await stream.postTo(all[2]!, call(1, "whoami"), { "x-test-scopes": "notes:read notes:write" })).status).toBe(202);
      const reply = await stream.nextMessage();
      expect(reply).toMatchObject({ id: 1, result: {} });
      expect(JSON.parse(text(reply.result) ?? "{}")).toEqual({
        subject: "alice",
        scopes: ["notes:read", "notes:write"],
        tenant: "acme",
        session: stream.sessionId,
      });
      // The tenant's policy, as the receiving instance resolved it, holds on the holder: it denies `add`.
      expect((await stream.postTo(all[1]!, call(2, "add", { a: 1, b: 1 }))).status).toBe(202);
      expect(await stream.nextMessage()).toMatchObject({ id: 2, error: {} });
      expect(all[0]!.records.map((record) => record.caller.principal?.claims)).toContainEqual({ via: "header" });
      expect(all[0]!.records.every((record) => record.caller.local === undefined)).toBe(true);
    });

    it("keeps the session bound to its owner on every instance", async () => {
      const all = await cluster.start(3);
      const stream = await openStream(all[0]!, { "x-test-user": "alice" });
      await initializeThrough(stream, all[1]!);
      const stolen = await stream.postTo(all[1]!, ping("stolen"), { "x-test-user": "mallory" });
      expect(stolen.status).toBe(404);
      // The same identity in a tenant is another owner.
      expect((await stream.postTo(all[2]!, ping(2), { "x-test-tenant": "acme" })).status).toBe(404);
      // Anonymous: no principal at all.
      const anonymous = await fetch(`${all[2]!.origin}/messages?sessionId=${stream.sessionId}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ping(3)),
      });
      expect(anonymous.status).toBe(404);
      expect((await stream.postTo(all[2]!, ping(5))).status).toBe(202);
      expect(await stream.nextMessage()).toEqual({ jsonrpc: "2.0", id: 5, result: {} });
      // Nothing the refused callers sent reached the holder's server.
      expect(all[0]!.records.map((record) => record.method)).toEqual(["initialize", "ping"]);
    });

    it("refuses a stranger with the 404 an unknown session gets, echoing the request id", async () => {
      const all = await cluster.start(2);
      const stream = await openStream(all[0]!, { "x-test-user": "alice" });
      const stolen = await fetch(`${all[1]!.origin}/messages?sessionId=${stream.sessionId}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-test-user": "mallory" },
        body: JSON.stringify(ping("stolen")),
      });
      const unknown = await fetch(`${all[1]!.origin}/messages?sessionId=no-such-session`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-test-user": "mallory" },
        body: JSON.stringify(ping("stolen")),
      });
      expect([stolen.status, unknown.status]).toEqual([404, 404]);
      expect(await stolen.json()).toEqual(await unknown.json());
    });

    it("counts the POSTs other instances carry against maxRequestsPerSession, on the holder", async () => {
      const all = await cluster.start(3, { maxRequestsPerSession: 4 });
      const stream = await openStream(all[0]!);
      // The GET that opened the stream is the first request; initialize and initialized the next two.
      await initializeThrough(stream, all[1]!);
      expect((await stream.postTo(all[2]!, ping(1))).status).toBe(202);
      const refused = await stream.postTo(all[1]!, ping(2));
      expect(refused.status).toBe(404);
      // The session ended on the holder: its stream closes after the ping's reply.
      expect(await stream.nextMessage()).toMatchObject({ id: 1 });
      await expect(stream.next()).resolves.toBeUndefined();
      expect(all[0]!.legacy.sessions.stats()).toMatchObject({ requestLimited: 1, active: 0 });
      expect((await stream.postTo(all[2]!, ping(3))).status).toBe(404);
    });

    it("ends the session everywhere when its stream closes", async () => {
      const all = await cluster.start(3);
      const stream = await openStream(all[0]!);
      await initializeThrough(stream, all[1]!);
      expect((await stream.postTo(all[2]!, ping(1))).status).toBe(202);
      stream.close();
      await expect.poll(() => all[0]!.legacy.sessionCount).toBe(0);
      for (const instance of all) expect((await stream.postTo(instance, ping(2))).status).toBe(404);
    });

    it("ends the sessions of an instance that shuts down for every instance", async () => {
      const all = await cluster.start(2);
      const stream = await openStream(all[0]!);
      await initializeThrough(stream, all[1]!);
      all[0]!.legacy.close();
      await expect(stream.next()).resolves.toBeUndefined();
      expect((await stream.postTo(all[1]!, ping(1))).status).toBe(404);
    });

    it("answers 404, not 202, when the instance holding the stream does not take the message", async () => {
      const all = await cluster.start(2, { clusterTimeoutMs: 300 });
      const stream = await openStream(all[0]!);
      await initializeThrough(stream, all[1]!);
      // The holder is cut off from the bus: its record stays in the store, but nothing reaches it.
      await all[0]!.bus.close();
      expect((await stream.postTo(all[1]!, ping(1))).status).toBe(404);
      await settle();
      expect(all[0]!.records.map((record) => record.method)).toEqual(["initialize"]);
    });

    it("checks each POST on the instance that receives it, before anything crosses", async () => {
      const all = await cluster.start(2, { maxBodyBytes: 1024 });
      const stream = await openStream(all[0]!);
      await initializeThrough(stream, all[1]!);
      const counted = all[0]!.legacy.sessions.stats().requests;
      expect((await stream.postTo(all[1]!, call(1, "echo", { text: "x".repeat(2000) }))).status).toBe(413);
      expect((await stream.postTo(all[1]!, ping(2), { "content-type": "text/plain" })).status).toBe(415);
      const noSession = await fetch(`${all[1]!.origin}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ping(3)),
      });
      expect(noSession.status).toBe(400);
      await settle();
      expect(all[0]!.legacy.sessions.stats().requests).toBe(counted);
      // A broken notification: taken by the holder (counted), then refused over HTTP, as on the holder itself.
      expect((await stream.postTo(all[1]!, { jsonrpc: "2.0", method: 42 })).status).toBe(400);
      expect(all[0]!.legacy.sessions.stats().requests).toBe(counted + 1);
      // A parse error has an answer (with no id), which goes on the stream.
      expect((await stream.postTo(all[1]!, "{not json")).status).toBe(202);
      expect(await stream.nextMessage()).toMatchObject({ error: { code: -32700 } });
    });

    it("answers 404 for an id no instance issued, without waiting for a holder", async () => {
      const all = await cluster.start(2);
      const response = await fetch(`${all[1]!.origin}/messages?sessionId=no-such-session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(initialize()),
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ id: 0, error: { code: -32006 } });
    });

    it("shares the secured endpoint's store and bus with its legacy endpoints, resource updates included", async () => {
      const all = await cluster.start(2, {}, true);
      const stream = await openStream(all[0]!);
      await initializeThrough(stream, all[1]!);
      const uri = "docs://readme";
      expect((await stream.postTo(all[1]!, { jsonrpc: "2.0", id: 1, method: "resources/subscribe", params: { uri } })).status).toBe(202);
      expect(await stream.nextMessage()).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
      // Changed on the instance that does not hold the stream: told once, on the stream.
      all[1]!.server.notifyResourceUpdated(uri);
      expect(await stream.nextMessage()).toMatchObject({ method: "notifications/resources/updated", params: { uri } });
      expect((await stream.postTo(all[1]!, ping(2))).status).toBe(202);
      expect(await stream.nextMessage()).toEqual({ jsonrpc: "2.0", id: 2, result: {} });
      // The store holds both transports' records: a legacy session's id is no Streamable HTTP session.
      const streamable = await fetch(`${all[1]!.origin}/mcp`, {
        method: "POST",
        headers: { ...POST_HEADERS, "mcp-session-id": stream.sessionId, "mcp-protocol-version": "2025-11-25" },
        body: JSON.stringify(ping(3)),
      });
      expect(streamable.status).toBe(404);
    });
  });
}
