/**
 * What only the WebSocket transport has: the upgrade checks (path, Origin/Host,
 * subprotocol), binary and oversized frames, keep-alive pings, close().
 */
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, type ClientOptions } from "ws";
import { listenWebSocket, type ListenWebSocketOptions } from "../../../packages/runtime/src/entries/sockets.js";
import { type ServerLogger, type TransportListener } from "../../../packages/runtime/src/index.js";
import { routes } from "../../fixtures/runtime/routes.js";

const open = new Set<TransportListener>();
const sockets = new Set<WebSocket>();

afterEach(async () => {
  for (const socket of sockets) socket.terminate();
  sockets.clear();
  await Promise.all([...open].map((listener) => listener.close()));
  open.clear();
});

const quiet: ServerLogger = { error: () => {}, warn: () => {} };

async function start(options: ListenWebSocketOptions = {}): Promise<TransportListener> {
  const listener = await listenWebSocket(routes, { port: 0, logger: quiet, ...options });
  open.add(listener);
  return listener;
}

/** Resolves with the open socket, or with the HTTP status that refused the upgrade. */
function handshake(url: string, protocols: string[] = ["mcp"], options: ClientOptions = {}): Promise<WebSocket | number> {
  const socket = new WebSocket(url, protocols, options);
  sockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("unexpected-response", (_req, res: IncomingMessage) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    socket.once("error", reject);
  });
}

async function connect(url: string, options: ClientOptions = {}): Promise<WebSocket> {
  const socket = await handshake(url, ["mcp"], options);
  if (typeof socket === "number") throw new Error(`handshake refused with ${socket}`);
  return socket;
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once("message", (data) => resolve(JSON.parse((data as Buffer).toString("utf8")) as Record<string, unknown>)));
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once("close", (code) => resolve(code)));
}

const PING = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });

describe("WebSocket handshake", () => {
  it("serves /mcp with the mcp subprotocol and says so in its URL", async () => {
    const { url } = await start();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const socket = await connect(url);
    expect(socket.protocol).toBe("mcp");
    const reply = nextMessage(socket);
    socket.send(PING);
    expect(await reply).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it("accepts a client that offers mcp among others, or no subprotocol at all", async () => {
    const { url } = await start();
    const among = await handshake(url, ["graphql-ws", "mcp"]);
    expect(among).toBeInstanceOf(WebSocket);
    expect((among as WebSocket).protocol).toBe("mcp");
    expect(await handshake(url, [])).toBeInstanceOf(WebSocket);
  });

  it("refuses a client that offers only other subprotocols with 400", async () => {
    const { url } = await start();
    expect(await handshake(url, ["graphql-ws"])).toBe(400);
  });

  it("refuses a foreign Origin and a foreign Host with 403 (DNS rebinding)", async () => {
    const { url } = await start();
    expect(await handshake(url, ["mcp"], { origin: "https://evil.example" })).toBe(403);
    expect(await handshake(url, ["mcp"], { headers: { host: "evil.example" } })).toBe(403);
    expect(await handshake(url, ["mcp"], { origin: "http://localhost:5173" })).toBeInstanceOf(WebSocket);
  });

  it("honours allowedOrigins", async () => {
    const { url } = await start({ allowedOrigins: ["https://app.example"] });
    expect(await handshake(url, ["mcp"], { origin: "https://app.example" })).toBeInstanceOf(WebSocket);
    expect(await handshake(url, ["mcp"], { origin: "http://localhost:5173" })).toBe(403);
  });

  it("answers 404 off the endpoint path and 426 to plain HTTP", async () => {
    const { url } = await start({ path: "/rpc" });
    expect(await handshake(url.replace("/rpc", "/other"))).toBe(404);
    const response = await fetch(url.replace("ws:", "http:"));
    expect(response.status).toBe(426);
    expect(response.headers.get("upgrade")).toBe("websocket");
    await response.body?.cancel();
  });

  it("refuses to bind beyond loopback without allowedHosts", async () => {
    await expect(listenWebSocket(routes, { host: "0.0.0.0", port: 0 })).rejects.toThrow(/binding 0\.0\.0\.0 serves other machines: set allowedHosts/);
  });
});

describe("WebSocket frames", () => {
  it("answers a binary frame with a clear -32600 and keeps the socket open", async () => {
    const socket = await connect((await start()).url);
    const error = nextMessage(socket);
    socket.send(Buffer.from(PING));
    expect(await error).toMatchObject({ error: { code: -32600, message: expect.stringMatching(/binary frames are not supported/) } });
    const reply = nextMessage(socket);
    socket.send(PING);
    expect(await reply).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it("answers malformed text with -32700 and keeps the socket open", async () => {
    const socket = await connect((await start()).url);
    const error = nextMessage(socket);
    socket.send("{oops");
    expect(await error).toMatchObject({ error: { code: -32700 } });
    const reply = nextMessage(socket);
    socket.send(PING);
    expect(await reply).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it("closes with 1009 when a message exceeds maxMessageBytes", async () => {
    const socket = await connect((await start({ maxMessageBytes: 1024 })).url);
    const code = closed(socket);
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(2048) } }));
    expect(await code).toBe(1009);
  });
});

describe("WebSocket keep-alive and close", () => {
  it("keeps a socket that answers pings and drops one that does not", async () => {
    const { url } = await start({ pingIntervalMs: 100 });
    const live = await connect(url);
    let pings = 0;
    live.on("ping", () => pings++);
    const dead = await connect(url, { autoPong: false });
    // 1006: the server cut the connection without a close frame.
    expect(await closed(dead)).toBe(1006);
    await expect.poll(() => pings).toBeGreaterThan(2);
    expect(live.readyState).toBe(WebSocket.OPEN);
  });

  it("close() answers the requests in flight before the close frame", async () => {
    const listener = await start();
    const socket = await connect(listener.url);
    const init = {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    const initialized = nextMessage(socket);
    socket.send(JSON.stringify(init));
    await initialized;
    const messages: Record<string, unknown>[] = [];
    socket.on("message", (data) => messages.push(JSON.parse((data as Buffer).toString("utf8")) as Record<string, unknown>));
    const code = closed(socket);
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { text: "bye", steps: 2 } } }));
    await expect.poll(() => messages.length).toBeGreaterThan(0);
    await listener.close();
    open.delete(listener);
    expect(await code).toBe(1001);
    expect(messages.find((message) => message.id === 1)).toMatchObject({ result: { content: [{ type: "text", text: "echo: bye" }] } });
  });

  it("close() ends every socket with 1001 and resolves once the server is closed", async () => {
    const listener = await start();
    const first = await connect(listener.url);
    const second = await connect(listener.url);
    const codes = Promise.all([closed(first), closed(second)]);
    await listener.close();
    open.delete(listener);
    expect(await codes).toEqual([1001, 1001]);
    await expect(handshake(listener.url)).rejects.toThrow(/ECONNREFUSED/);
  });
});
