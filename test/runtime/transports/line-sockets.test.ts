/**
 * What only the TCP and Unix-socket transports have: the line-length limit, half-
 * closed clients, close(), (Unix) the socket file's life, and trusting clients as
 * the local user (`trustLocalSockets`), never on a TCP host the network can reach.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { defineRoutes, toolRoute, type ServerLogger, type TransportListener } from "../../../packages/runtime/src/index.js";
import { listenTcp, listenUnix } from "../../../packages/runtime/src/entries/sockets.js";
import { openSocket, socketAddress } from "../../helpers/line-client.js";
import { ReplyQueue, lineParser } from "../../helpers/raw-channel.js";
import { routes } from "../../fixtures/runtime/routes.js";
import { compile } from "../../fixtures/runtime/validators.js";

const dir = mkdtempSync(path.join(tmpdir(), "mcp-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const socketPath = (): string => path.join(dir, `s${++files}.sock`);

const open = new Set<TransportListener>();
afterEach(async () => {
  await Promise.all([...open].map((listener) => listener.close()));
  open.clear();
});

const quiet: ServerLogger = { error: () => {}, warn: () => {} };

const KINDS = {
  tcp: () => listenTcp(routes, { port: 0, logger: quiet, maxMessageBytes: 1024 }),
  unix: () => listenUnix(routes, { path: socketPath(), logger: quiet, maxMessageBytes: 1024 }),
} as const;

async function start(kind: keyof typeof KINDS): Promise<TransportListener> {
  const listener = await KINDS[kind]();
  open.add(listener);
  return listener;
}

async function connect(listener: TransportListener): Promise<{ socket: Socket; replies: ReplyQueue; closed: Promise<void> }> {
  const socket = await openSocket(socketAddress(listener.url));
  const replies = new ReplyQueue();
  socket.on("data", lineParser(replies));
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return { socket, replies, closed };
}

describe.each(["tcp", "unix"] as const)("%s sockets", (kind) => {
  it("answers a line longer than maxMessageBytes with -32007 and closes the socket", async () => {
    const { socket, replies, closed } = await connect(await start(kind));
    socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })}\n`);
    expect(await replies.take(1)).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    // An endless line: far more than the limit, never a newline.
    for (let chunk = 0; chunk < 64; chunk++) socket.write("x".repeat(1024));
    expect(await replies.take(null)).toMatchObject({ error: { code: -32007, message: expect.stringMatching(/at most 1024 bytes/) } });
    await closed;
  });

  it("still answers a client that half-closes after its last request", async () => {
    const { socket, replies, closed } = await connect(await start(kind));
    socket.end(`${JSON.stringify({ jsonrpc: "2.0", id: "last", method: "ping" })}\n`);
    expect(await replies.take("last")).toEqual({ jsonrpc: "2.0", id: "last", result: {} });
    await closed;
  });

  it("serves each socket as its own peer: initialize on one does not initialize another", async () => {
    const listener = await start(kind);
    const first = await connect(listener);
    const second = await connect(listener);
    const init = {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    first.socket.write(`${JSON.stringify(init)}\n`);
    await first.replies.take(0);
    second.socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" })}\n`);
    expect(await second.replies.take(1)).toMatchObject({ error: { code: -32600, message: expect.stringMatching(/before initialize/) } });
  });

  it("close() answers the requests in flight before ending the connection", async () => {
    const listener = await start(kind);
    const { socket, replies, closed } = await connect(listener);
    const init = {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    socket.write(`${JSON.stringify(init)}\n`);
    await replies.take(0);
    const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: { text: "bye", steps: 2 }, _meta: { progressToken: "p" } } };
    socket.write(`${JSON.stringify(call)}\n`);
    // The first progress notification says the call is running.
    let progressed = false;
    socket.on("data", (chunk: Buffer) => (progressed ||= chunk.includes("notifications/progress")));
    await expect.poll(() => progressed).toBe(true);
    await listener.close();
    open.delete(listener);
    expect(await replies.take(1)).toMatchObject({ result: { content: [{ type: "text", text: "echo: bye" }] } });
    await closed;
  });

  it("close() ends every connection and resolves once the server is closed", async () => {
    const listener = await start(kind);
    const first = await connect(listener);
    const second = await connect(listener);
    await listener.close();
    open.delete(listener);
    await Promise.all([first.closed, second.closed]);
    await expect(openSocket(socketAddress(listener.url))).rejects.toThrow(/ECONNREFUSED|ENOENT/);
  });
});

describe("Unix socket file", () => {
  it("is removed on close", async () => {
    const listener = await start("unix");
    const file = socketAddress(listener.url);
    expect("path" in file && existsSync(file.path)).toBe(true);
    await listener.close();
    open.delete(listener);
    expect("path" in file && existsSync(file.path)).toBe(false);
  });

  it("replaces a stale socket that a crashed server left behind", async () => {
    const file = socketPath();
    // A server killed with SIGKILL never removes its socket file.
    const crashed = spawn(process.execPath, [
      "-e",
      "require('node:net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))",
      file,
    ]);
    await new Promise((resolve) => crashed.once("exit", resolve));
    expect(existsSync(file)).toBe(true);
    const listener = await listenUnix(routes, { path: file, logger: quiet });
    open.add(listener);
    const { socket, replies } = await connect(listener);
    socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })}\n`);
    expect(await replies.take(1)).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it("refuses a path a running server listens on, and that server keeps serving", async () => {
    const running = await start("unix");
    const file = socketAddress(running.url);
    if (!("path" in file)) throw new Error("not a unix URL");
    await expect(listenUnix(routes, { path: file.path, logger: quiet })).rejects.toThrow(/is in use by a running server/);
    const { socket, replies } = await connect(running);
    socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })}\n`);
    expect(await replies.take(1)).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
  });

  it("never deletes a regular file in its way", async () => {
    const file = socketPath();
    writeFileSync(file, "precious");
    await expect(listenUnix(routes, { path: file, logger: quiet })).rejects.toThrow(/exists and is not a socket/);
    expect(readFileSync(file, "utf8")).toBe("precious");
  });
});

describe.each(["tcp", "unix"] as const)("trustLocalSockets over %s", (kind) => {
  const noInput = { type: "object", properties: {}, additionalProperties: false } as const;
  const scoped = defineRoutes({
    server: { name: "scoped", version: "1.0.0" },
    tools: [
      toolRoute<object, string>({
        definition: { name: "erase", inputSchema: noInput },
        validateInput: compile(noInput),
        handler: () => "erased",
        policy: { scopes: ["notes:admin"] },
      }),
    ],
    auth: { schemes: [{ type: "apiKey", header: "x-api-key" }], required: false, hideUnauthorized: false },
  });
  const listenScoped = (trustLocalSockets: boolean) =>
    kind === "tcp"
      ? listenTcp(scoped, { port: 0, logger: quiet, trustLocalSockets })
      : listenUnix(scoped, { path: socketPath(), logger: quiet, trustLocalSockets });

  async function erase(trustLocalSockets: boolean): Promise<unknown> {
    const listener = await listenScoped(trustLocalSockets);
    open.add(listener);
    const { socket, replies } = await connect(listener);
    const init = { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } };
    socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: init })}\n`);
    await replies.take(0);
    socket.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "erase", arguments: {} } })}\n`);
    return replies.take(1);
  }

  it("serves clients as anonymous without it: a scoped tool asks for authentication", async () => {
    expect(await erase(false)).toMatchObject({ error: { code: -32001 } });
  });

  it("serves clients as the local user with it: scopes do not apply", async () => {
    expect(await erase(true)).toMatchObject({ result: { content: [{ type: "text", text: "erased" }] } });
  });
});

describe("trustLocalSockets on a TCP host off loopback", () => {
  it.each(["0.0.0.0", "::", "192.0.2.1"])("is refused on %s before anything listens", async (host) => {
    await expect(listenTcp(routes, { host, port: 0, logger: quiet, trustLocalSockets: true })).rejects.toThrow(
      `trustLocalSockets treats every TCP client as the local user, so it needs a loopback host, but ${host} is reachable from other machines`,
    );
  });
});
