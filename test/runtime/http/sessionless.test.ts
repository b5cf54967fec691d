/**
 * Streamable HTTP with `sessionMode: "stateless"`: 2025-era clients get no
 * `Mcp-Session-Id` and each of their requests is served on its own, against a real
 * listening server, with the official SDK clients (v1 and v2) and raw requests.
 */
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as TransportV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2, type LoggingMessageNotificationParams } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { LEGACY } from "../../helpers/sdk-v2.js";
import { INITIALIZE, POST_HEADERS, startFixture } from "./harness.js";

const STATELESS = { sessionMode: "stateless" } as const;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers.length = 0;
});

/** Everything a server may ask of a client, declared, with handlers that record being asked. */
const ASKS = { elicitation: {}, sampling: {}, roots: {} };

async function connectV1(url: string): Promise<{ client: ClientV1; transport: TransportV1; logs: LoggingMessageNotificationParams[]; asked: string[] }> {
  const client = new ClientV1({ name: "sessionless-v1", version: "1.0.0" }, { capabilities: ASKS });
  const logs: LoggingMessageNotificationParams[] = [];
  const asked: string[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params));
  client.setRequestHandler(ElicitRequestSchema, () => {
    asked.push("elicitation/create");
    return { action: "decline" };
  });
  const transport = new TransportV1(new URL(url));
  await client.connect(transport);
  closers.push(() => client.close());
  return { client, transport, logs, asked };
}

async function connectV2(url: string): Promise<{ client: ClientV2; transport: TransportV2; logs: LoggingMessageNotificationParams[]; asked: string[] }> {
  const client = new ClientV2({ name: "sessionless-v2", version: "1.0.0" }, { capabilities: ASKS, ...LEGACY.options });
  const logs: LoggingMessageNotificationParams[] = [];
  const asked: string[] = [];
  client.setNotificationHandler("notifications/message", (notification) => void logs.push(notification.params));
  client.setRequestHandler("elicitation/create", () => {
    asked.push("elicitation/create");
    return { action: "decline" };
  });
  client.setRequestHandler("sampling/createMessage", () => {
    asked.push("sampling/createMessage");
    return { role: "assistant", content: { type: "text", text: "4" }, model: "test" };
  });
  client.setRequestHandler("roots/list", () => {
    asked.push("roots/list");
    return { roots: [] };
  });
  const transport = new TransportV2(new URL(url));
  await client.connect(transport);
  closers.push(() => client.close());
  return { client, transport, logs, asked };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { ...POST_HEADERS, ...headers }, body: JSON.stringify(body) });
}

describe("sessionMode stateless, official SDK v1 client", () => {
  it("initializes without a session, lists and calls tools, with progress and logs on the request's stream", async () => {
    const { url, listener } = await startFixture(STATELESS);
    const { client, transport, logs } = await connectV1(url);
    expect(transport.sessionId).toBeUndefined();
    expect(client.getServerVersion()).toMatchObject({ name: "fixture-server", version: "1.2.3" });
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("echo");
    const progress: number[] = [];
    const result = await client.callTool({ name: "echo", arguments: { text: "hi", steps: 3 } }, undefined, {
      onprogress: (update) => progress.push(update.progress),
    });
    expect(result).toEqual({ content: [{ type: "text", text: "echo: hi" }] });
    // The reply ends the request's stream, so everything sent before it has arrived.
    expect(progress).toEqual([1, 2, 3]);
    expect(logs.filter((log) => log.logger === "echo").map((log) => log.data)).toEqual([{ step: 1 }, { step: 2 }, { step: 3 }]);
    expect(await client.ping()).toEqual({});
    expect((await listener.gauges()).sessions).toBe(0);
  });

  it("answers logging/setLevel, which changes nothing later: each request starts at the default level", async () => {
    const { url } = await startFixture(STATELESS);
    const { client, logs } = await connectV1(url);
    await expect(client.setLoggingLevel("debug")).resolves.toEqual({});
    await client.callTool({ name: "echo", arguments: { text: "hi", steps: 1 } });
    // "starting echo" is a debug line: a session would have sent it after setLevel debug.
    expect(logs.map((log) => log.level)).toEqual(["info"]);
  });

  it("refuses elicitation cleanly (-32021) without asking the client, which could not answer", async () => {
    const { url } = await startFixture(STATELESS);
    const { client, asked } = await connectV1(url);
    await expect(client.callTool({ name: "ask_user", arguments: {} })).rejects.toThrow(
      /-32021.*cannot send elicitation\/create: this server keeps no sessions \(stateless mode\), so no client could answer it/,
    );
    expect(asked).toEqual([]);
  });

  it("offers no resource subscriptions and refuses resources/subscribe", async () => {
    const { url } = await startFixture(STATELESS);
    const { client } = await connectV1(url);
    expect(client.getServerCapabilities()?.resources).toEqual({ subscribe: false, listChanged: false });
    await expect(client.subscribeResource({ uri: "docs://readme" })).rejects.toMatchObject({
      code: -32601,
      message: expect.stringMatching(/keeps no sessions/),
    });
    expect((await client.readResource({ uri: "docs://readme" })).contents).toHaveLength(1);
  });

  it("terminateSession is a no-op: DELETE gets 405, which the client accepts", async () => {
    const { url } = await startFixture(STATELESS);
    const { transport } = await connectV1(url);
    await expect(transport.terminateSession()).resolves.toBeUndefined();
  });
});

describe("sessionMode stateless, official SDK v2 client (legacy initialize)", () => {
  it("initializes without a session, calls tools with progress and logs, and refuses elicitation, sampling and roots", async () => {
    const { url } = await startFixture(STATELESS);
    const { client, transport, logs, asked } = await connectV2(url);
    expect(transport.sessionId).toBeUndefined();
    expect(client.getNegotiatedProtocolVersion()).toBe(LEGACY.expectedVersion);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("add");
    const progress: number[] = [];
    const result = await client.callTool({ name: "echo", arguments: { text: "v2", steps: 2 } }, { onprogress: (update) => progress.push(update.progress) });
    expect(result).toMatchObject({ content: [{ type: "text", text: "echo: v2" }] });
    expect(progress).toEqual([1, 2]);
    expect(logs.filter((log) => log.logger === "echo")).toHaveLength(2);
    await expect(client.setLoggingLevel("error")).resolves.toBeDefined();
    for (const [tool, method] of [
      ["ask_user", "elicitation/create"],
      ["ask_model", "sampling/createMessage"],
      ["list_roots", "roots/list"],
    ] as const) {
      await expect(client.callTool({ name: tool, arguments: {} })).rejects.toMatchObject({
        code: -32021,
        message: expect.stringContaining(`cannot send ${method}: this server keeps no sessions`),
      });
    }
    expect(asked).toEqual([]);
  });
});

describe("sessionMode stateless over raw HTTP", () => {
  it("answers initialize without Mcp-Session-Id, and serves later requests with no session id or with one it ignores", async () => {
    const { url, listener } = await startFixture(STATELESS);
    const initialized = await post(url, INITIALIZE);
    expect(initialized.status).toBe(200);
    expect(initialized.headers.get("mcp-session-id")).toBeNull();
    expect(await initialized.json()).toMatchObject({ result: { protocolVersion: "2025-11-25", serverInfo: { name: "fixture-server" } } });
    const plain = await post(url, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { "mcp-protocol-version": "2025-11-25" });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
    // As the official SDK does without a sessionIdGenerator: the id is not looked at.
    const stale = await post(url, { jsonrpc: "2.0", id: 2, method: "ping" }, { "mcp-session-id": "from-an-old-session", "mcp-protocol-version": "2025-11-25" });
    expect(await stale.json()).toEqual({ jsonrpc: "2.0", id: 2, result: {} });
    const again = await post(url, INITIALIZE, { "mcp-session-id": "from-an-old-session" });
    expect(again.status).toBe(200);
    expect((await listener.gauges()).sessions).toBe(0);
  });

  it("answers GET and DELETE with 405, Allow: POST", async () => {
    const { url } = await startFixture(STATELESS);
    for (const method of ["GET", "DELETE"]) {
      const response = await fetch(url, { method, headers: { accept: "text/event-stream", "mcp-protocol-version": "2025-11-25", "mcp-session-id": "any" } });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.json()).toMatchObject({
        error: { code: -32011, message: `Method Not Allowed: ${method}; this server keeps no sessions, use POST` },
      });
    }
  });

  it("takes the version from MCP-Protocol-Version, 2025-03-26 without it: batches are served only then", async () => {
    const { url } = await startFixture(STATELESS);
    const batch = [
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "add", arguments: { a: 1, b: 2 } } },
    ];
    const headerless = await post(url, batch);
    expect(headerless.status).toBe(200);
    // Served as 2025-03-26: no structuredContent, which 2025-06-18 added.
    expect(await headerless.json()).toEqual([
      { jsonrpc: "2.0", id: 1, result: {} },
      { jsonrpc: "2.0", id: 2, result: { content: [{ type: "text", text: '{"sum":3}' }] } },
    ]);
    const newer = await post(url, batch, { "mcp-protocol-version": "2025-06-18" });
    expect(newer.status).toBe(400);
    expect(await newer.json()).toMatchObject({ error: { code: -32600 } });
    const single = await post(url, batch[1], { "mcp-protocol-version": "2025-06-18" });
    expect(await single.json()).toMatchObject({ result: { structuredContent: { sum: 3 } } });
    const unknown = await post(url, { jsonrpc: "2.0", id: 3, method: "ping" }, { "mcp-protocol-version": "2099-01-01" });
    expect(unknown.status).toBe(400);
  });

  it("accepts notifications with 202 and refuses responses, as nothing was asked", async () => {
    const { url } = await startFixture(STATELESS);
    expect((await post(url, { jsonrpc: "2.0", method: "notifications/initialized" })).status).toBe(202);
    expect((await post(url, { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } })).status).toBe(202);
    const response = await post(url, { jsonrpc: "2.0", id: "srv-1", result: {} });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32600, message: expect.stringContaining("keeps no sessions") } });
  });

  it("keeps sessions by default and refuses an unknown sessionMode at start-up", async () => {
    const { url } = await startFixture();
    expect((await post(url, INITIALIZE)).headers.get("mcp-session-id")).toMatch(/^[\x21-\x7e]{32,}$/);
    await expect(startFixture({ sessionMode: "none" as never })).rejects.toThrow('sessionMode must be "stateful" or "stateless", got "none"');
  });
});
