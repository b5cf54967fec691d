/**
 * A 413 sent before a large body is read reaches the client. Regression: the
 * server closed the connection right after answering, the kernel reset it under the
 * client's upload, and a Node client (node:http or fetch) still writing saw EPIPE
 * instead of the 413, on both eras and on the legacy HTTP+SSE endpoint. Now the rest
 * of the body is read and dropped (within a time and byte bound) before the close.
 *
 * The server is a real process (the fixture run by `runMain`, body limit 64 KiB): in
 * one process with the client, the race rarely shows.
 */
import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseUnread } from "../../../packages/runtime/src/transports/http/linger.js";
import { parseResponse, requestBytes } from "../../helpers/raw-http.js";
import { FIXTURE_ENTRY } from "../helpers/spawn-fixture.js";
import { INITIALIZE, INITIALIZED, isReplyTo, type Message } from "../lifecycle/harness.js";
import { BASE_HEADERS, STATELESS_META, openLegacyStream, post } from "../lifecycle/http-client.js";
import { startEntry, type Started } from "../production/kit.js";

const LIMIT = 64 * 1024;
/** ~96 times the limit: well past what the sockets' buffers hold, within what the server drains (8 MiB). */
const UPLOAD = 6 * 1024 * 1024;

interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The request, with `pad` at the end of its params for the padding. */
  readonly message: Message;
}

/** `message` as JSON, padded to `UPLOAD` bytes inside a string field. */
function padded(message: Message): Buffer {
  const json = JSON.stringify({ ...message, params: { ...(message.params as Message), pad: "" } });
  const head = Buffer.from(json.slice(0, -3)); // up to the opening quote of pad's value
  return Buffer.concat([head, Buffer.alloc(UPLOAD - head.length - 3, "x"), Buffer.from('"}}')]);
}

/** What a client reads back: the status, `Connection`, the body; or the error it met instead. */
type Read = { status: number; connection: string | undefined; body: unknown } | { error: string };

function nodeHttpPost(target: Target, chunked: boolean): Promise<Read> {
  return new Promise((resolve) => {
    const body = padded(target.message);
    const req = request(target.url, { method: "POST", headers: target.headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(text) as unknown }));
      res.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    if (!chunked) return void req.end(body);
    // No Content-Length: the limit is found while the body streams in.
    for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
    req.end();
  });
}

async function fetchPost(target: Target): Promise<Read> {
  try {
    const response = await fetch(target.url, { method: "POST", headers: target.headers, body: padded(target.message) });
    return { status: response.status, connection: response.headers.get("connection") ?? undefined, body: await response.json() };
  } catch (error) {
    return { error: String((error as { cause?: unknown }).cause ?? error) };
  }
}

const TOO_LARGE = { jsonrpc: "2.0", error: { code: -32007, message: `Payload Too Large: the limit is ${LIMIT} bytes` } };

describe("a 413 before the body is read reaches the client (real process, limit 64 KiB)", () => {
  let served: Started;
  const targets: Target[] = [];
  beforeAll(async () => {
    served = await startEntry(FIXTURE_ENTRY, ["--transport", "http", "--port", "0"], { TURBOMCP_MAX_BODY_BYTES: String(LIMIT) });
    const { url } = served;
    const opened = await post(url, { body: INITIALIZE, headers: BASE_HEADERS }, false);
    const session = String(opened.headers["mcp-session-id"]);
    const sessionHeaders = { ...BASE_HEADERS, "mcp-protocol-version": "2025-11-25", "mcp-session-id": session };
    await post(url, { body: INITIALIZED, headers: sessionHeaders }, false);
    const legacy = await openLegacyStream(`${served.origin}/sse`);
    const legacyHeaders = { "content-type": "application/json" };
    await post(
      legacy.messagesUrl,
      { body: { ...INITIALIZE, params: { ...(INITIALIZE.params as Message), protocolVersion: "2024-11-05" } }, headers: legacyHeaders },
      false,
    );
    await legacy.inbox.waitFor(isReplyTo("init"));
    const list = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
    targets.push(
      { name: "2025-11-25 session", url, headers: sessionHeaders, message: list },
      {
        name: "2026-07-28 stateless",
        url,
        headers: { ...BASE_HEADERS, "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/list" },
        message: { ...list, params: { _meta: STATELESS_META } },
      },
      { name: "legacy HTTP+SSE", url: legacy.messagesUrl, headers: legacyHeaders, message: list },
    );
  });
  afterAll(async () => {
    expect(await served.stop()).toBe(0);
  });

  const cases = ["2025-11-25 session", "2026-07-28 stateless", "legacy HTTP+SSE"].flatMap((name) =>
    (["node:http, Content-Length", "node:http, chunked", "fetch"] as const).map((client) => [name, client] as const),
  );
  it.each(cases)("%s, %s: the client reads the 413 and its JSON-RPC error", async (name, client) => {
    const target = targets.find((each) => each.name === name)!;
    const read = client === "fetch" ? await fetchPost(target) : await nodeHttpPost(target, client === "node:http, chunked");
    expect(read).toEqual({ status: 413, connection: "close", body: TOO_LARGE });
  });

  it("still serves afterwards", async () => {
    const target = targets.find((each) => each.name === "2026-07-28 stateless")!;
    const response = await fetch(target.url, { method: "POST", headers: target.headers, body: JSON.stringify(target.message) });
    expect(response.status).toBe(200);
  });
});

describe("refuseUnread bounds what it drains", () => {
  let http: Server;
  let port = 0;
  let limits = { ms: 60_000, maxBytes: 256 * 1024 };
  beforeAll(async () => {
    http = createServer((req, res) => refuseUnread(req, res, "payload_too_large", "too large", limits));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    port = (http.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

  /**
   * Declares `declared` bytes, sends `send` of them (as fast as the server reads),
   * then waits: resolves with the response, how the connection ended, and how much was written.
   */
  function upload(declared: number, send: number): Promise<{ status: number | undefined; ended: string; written: number }> {
    return new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let received = Buffer.alloc(0);
      let written = 0;
      let ended = "";
      const chunk = Buffer.alloc(64 * 1024, "x");
      const finish = (how: string): void => {
        if (ended !== "") return;
        ended = how;
        socket.destroy();
        resolve({ status: parseResponse(received)?.status, ended, written });
      };
      socket.on("data", (data: Buffer) => (received = Buffer.concat([received, data])));
      socket.on("end", () => finish("end"));
      socket.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
      socket.on("connect", () => {
        socket.write(requestBytes(port, { headers: { "content-length": String(declared), connection: "keep-alive" } }));
        const pump = (): void => {
          while (written < send && ended === "") {
            const piece = chunk.subarray(0, Math.min(chunk.length, send - written));
            written += piece.length;
            if (!socket.write(piece)) return void socket.once("drain", pump);
          }
        };
        pump();
      });
    });
  }

  it("reads the whole rest of a body within the bounds, then closes cleanly", async () => {
    limits = { ms: 60_000, maxBytes: 256 * 1024 };
    expect(await upload(200 * 1024, 200 * 1024)).toEqual({ status: 413, ended: "end", written: 200 * 1024 });
  });

  it("cuts the connection once more than maxBytes have been dropped", async () => {
    limits = { ms: 60_000, maxBytes: 256 * 1024 };
    const result = await upload(64 * 1024 * 1024, 64 * 1024 * 1024);
    expect(result.status).toBe(413);
    expect(result.written).toBeLessThan(64 * 1024 * 1024);
  });

  it("cuts the connection after ms when the rest of the body does not come", async () => {
    limits = { ms: 200, maxBytes: 256 * 1024 };
    // Declares 1 MiB, sends 1 KiB, then waits: the server gives up and closes.
    const result = await upload(1024 * 1024, 1024);
    expect(result.status).toBe(413);
    expect(result.ended).not.toBe("");
  });
});
