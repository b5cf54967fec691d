/**
 * `listenHttp(...).close()` on one kept-alive connection at a time, byte by byte:
 * a connection idle when the drain starts is not closed under a request its client
 * sends right then (a 200 with `Connection: close`, then a clean close, never a
 * reset), on both eras and the legacy HTTP+SSE endpoint; a request whose first bytes
 * have arrived is answered however long the rest takes; an idle connection is
 * closed (cleanly) after its grace, without waiting for the deadline.
 */
import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { listenHttp, type HttpListener } from "../../../packages/runtime/src/entries/http.js";
import type { ServerLogger } from "../../../packages/runtime/src/index.js";
import { parseResponse, requestBytes, type RawHeaders, type RawResponse } from "../../helpers/raw-http.js";
import { routes } from "../../fixtures/runtime/routes.js";
import { INITIALIZE, INITIALIZED, isReplyTo, type Message } from "./harness.js";
import { BASE_HEADERS, openLegacyStream, post, stateless } from "./http-client.js";

const quiet: ServerLogger = { error: () => {}, warn: () => {} };
const listeners: HttpListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
});

/** One kept-alive connection: requests one after another, and how it ended. */
class KeptAlive {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #wake: () => void = () => {};
  /** "end" for a clean close by the server (FIN), or the socket error's code (a reset). */
  readonly ended: Promise<string>;

  constructor(readonly port: number) {
    this.#socket = connect(port, "127.0.0.1");
    this.#socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    this.ended = new Promise((resolve) => {
      this.#socket.once("end", () => resolve("end"));
      this.#socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    this.#socket.on("close", () => this.#wake());
  }

  /** Writes raw bytes (part of a request). */
  write(bytes: Buffer | string): void {
    this.#socket.write(bytes);
  }

  /** Sends a whole request, kept alive, and resolves with its response. */
  request(path: string, headers: RawHeaders, body: string): Promise<RawResponse> {
    this.write(requestBytes(this.port, { path, headers: { connection: "keep-alive", ...headers }, body }));
    return this.response();
  }

  /** The next response (Content-Length framed: JSON or 202). */
  async response(): Promise<RawResponse> {
    for (;;) {
      const response = parseResponse(this.#buffer);
      if (response !== undefined) {
        const headEnd = this.#buffer.indexOf("\r\n\r\n") + 4;
        this.#buffer = this.#buffer.subarray(headEnd + Number(response.headers["content-length"] ?? 0));
        return response;
      }
      if (this.#socket.destroyed) throw new Error(`the connection closed without a response; got ${this.#buffer.toString("latin1").slice(0, 200)}`);
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

/** Resolves once a new connection to `port` is refused: the drain has started and the listener is closed. */
async function refusedAt(port: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
    });
    if (refused) return;
    await sleep(2);
  }
  throw new Error("the listener never closed");
}

/** `add(1, 2)`: answered `{ sum: 3 }` as one JSON body, on every path. */
const ADD = { name: "add", arguments: { a: 1, b: 2 } };

async function start(): Promise<{ listener: HttpListener; port: number; session: string; legacy: { path: string } }> {
  const listener = await listenHttp(routes, { port: 0, logger: quiet });
  listeners.push(listener);
  const opened = await post(listener.url, { body: INITIALIZE, headers: BASE_HEADERS }, false);
  const session = String(opened.headers["mcp-session-id"]);
  const stream = await openLegacyStream(listener.legacySseUrl!);
  const legacyPost = (body: Message) => post(stream.messagesUrl, { body, headers: { "content-type": "application/json" } }, false);
  await legacyPost({ ...INITIALIZE, params: { ...(INITIALIZE.params as Message), protocolVersion: "2024-11-05" } });
  await stream.inbox.waitFor(isReplyTo("init"));
  await legacyPost(INITIALIZED);
  const url = new URL(stream.messagesUrl);
  return { listener, port: Number(new URL(listener.url).port), session, legacy: { path: `${url.pathname}${url.search}` } };
}

describe("HTTP drain, one kept-alive connection at a time", () => {
  it("serves a request sent on an idle connection right after the drain starts, with Connection: close, then closes cleanly (all three paths)", async () => {
    const { listener, port, session, legacy } = await start();
    const sessionHeaders = { ...BASE_HEADERS, "mcp-protocol-version": "2025-11-25", "mcp-session-id": session };
    const paths = [
      {
        name: "2025-11-25 session",
        path: "/mcp",
        headers: sessionHeaders,
        body: (id: string) => ({ jsonrpc: "2.0", id, method: "tools/call", params: ADD }),
        status: 200,
      },
      {
        name: "2026-07-28",
        path: "/mcp",
        headers: stateless("x", "tools/call", ADD).headers,
        body: (id: string) => stateless(id, "tools/call", ADD).body,
        status: 200,
      },
      {
        name: "legacy HTTP+SSE",
        path: legacy.path,
        headers: { "content-type": "application/json" },
        body: (id: string) => ({ jsonrpc: "2.0", id, method: "tools/call", params: ADD }),
        status: 202,
      },
    ];
    const connections = paths.map(() => new KeptAlive(port));
    // Each connection carries one request and is left idle, kept alive.
    for (const [index, path] of paths.entries()) {
      const first = await connections[index]!.request(path.path, path.headers, JSON.stringify(path.body(`first-${index}`)));
      expect(first).toMatchObject({ status: path.status, headers: { connection: "keep-alive" } });
    }

    const closing = listener.close({ drainTimeoutMs: 20_000 });
    await refusedAt(port);
    const late = await Promise.all(
      paths.map((path, index) => connections[index]!.request(path.path, path.headers, JSON.stringify(path.body(`late-${index}`)))),
    );
    expect(late.map((response) => [response.status, response.headers.connection])).toEqual(paths.map((path) => [path.status, "close"]));
    expect(late[0]!.body).toContain('"structuredContent":{"sum":3}');
    expect(late[1]!.body).toContain('"structuredContent":{"sum":3}');
    expect(await Promise.all(connections.map((connection) => connection.ended))).toEqual(["end", "end", "end"]);
    await closing;
  });

  it("answers a request whose first bytes arrived before the drain, however long the rest takes", async () => {
    const { listener, port } = await start();
    const connection = new KeptAlive(port);
    const message = stateless("slow", "tools/call", ADD);
    const bytes = requestBytes(port, { headers: { connection: "keep-alive", ...message.headers }, body: JSON.stringify(message.body) });
    connection.write(bytes.subarray(0, 40));
    const closing = listener.close({ drainTimeoutMs: 20_000 });
    await refusedAt(port);
    // Longer than the idle grace (1 s): the connection is not idle, part of a request is in.
    await sleep(1_500);
    connection.write(bytes.subarray(40));
    const response = await connection.response();
    expect(response).toMatchObject({ status: 200, headers: { connection: "close" } });
    expect(response.body).toContain('"structuredContent":{"sum":3}');
    expect(await connection.ended).toBe("end");
    await closing;
  });

  it("closes a connection left idle after its grace, cleanly, without waiting for the deadline", async () => {
    const { listener, port } = await start();
    const connection = new KeptAlive(port);
    const message = stateless("once", "tools/list");
    expect((await connection.request("/mcp", message.headers, JSON.stringify(message.body))).status).toBe(200);
    // A deadline past the test's own timeout: close() must resolve through the grace.
    await listener.close({ drainTimeoutMs: 120_000 });
    expect(await connection.ended).toBe("end");
  });
});
