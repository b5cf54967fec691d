/**
 * HTTP/1.1 over a bare socket, for requests no HTTP client would send: raw bytes in
 * headers, duplicate header lines, no Host, lying Content-Length, bodies cut short,
 * uploads that go on after the server has answered. The response parser is just
 * enough for the server under test (Content-Length, chunked, or read-to-close).
 */
import { connect, type Socket } from "node:net";

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated fields joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A header's value, several values (one line each), or undefined to leave a default header out. */
export type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly httpVersion?: "1.0" | "1.1";
  /** Host, Content-Length and `Connection: close` are added unless named here (undefined removes them). */
  readonly headers?: RawHeaders;
  readonly body?: string | Buffer;
}

const CRLF = "\r\n";
const HEAD_END = Buffer.from("\r\n\r\n");

/** The bytes of one request. The head is UTF-8, so a header value may carry raw non-ASCII bytes. */
export function requestBytes(port: number, request: RawRequest): Buffer {
  const body = typeof request.body === "string" ? Buffer.from(request.body) : (request.body ?? Buffer.alloc(0));
  const headers: RawHeaders = { host: `127.0.0.1:${port}`, "content-length": String(body.length), connection: "close", ...request.headers };
  const lines = [`${request.method ?? "POST"} ${request.path ?? "/mcp"} HTTP/${request.httpVersion ?? "1.1"}`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of typeof value === "string" ? [value] : value) lines.push(`${name}: ${one}`);
  }
  return Buffer.concat([Buffer.from(lines.join(CRLF) + CRLF + CRLF), body]);
}

function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) return Buffer.concat(parts);
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The first complete response in `data`, or undefined while more bytes are needed. */
export function parseResponse(data: Buffer, options: { readonly head?: boolean; readonly ended?: boolean } = {}): RawResponse | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const [statusLine = "", ...fields] = data.subarray(0, headEnd).toString("latin1").split(CRLF);
  const status = Number(statusLine.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(":");
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = data.subarray(headEnd + HEAD_END.length);
  const done = (body: Buffer): RawResponse => ({ status, headers, body: body.toString("utf8") });
  if (options.head || status === 204 || status === 304) return done(Buffer.alloc(0));
  if (headers["transfer-encoding"]?.toLowerCase().includes("chunked")) {
    const body = dechunk(rest);
    return body === undefined ? undefined : done(body);
  }
  const length = headers["content-length"];
  if (length !== undefined) return rest.length >= Number(length) ? done(rest.subarray(0, Number(length))) : undefined;
  return options.ended ? done(rest) : undefined;
}

export interface ExchangeOptions {
  /** A HEAD request: the response has no body whatever its headers say. */
  readonly head?: boolean;
  /** Bound on the whole exchange, so a server that never answers fails the test instead of hanging it. */
  readonly timeoutMs?: number;
}

/**
 * Connects, lets `write` send whatever it likes, and resolves with the first complete
 * response, or undefined when the server closed without one. `answered` is aborted
 * once the response is in (or the connection is gone), so a long upload can stop.
 */
export function rawExchange(
  port: number,
  write: (socket: Socket, answered: AbortSignal) => void | Promise<void>,
  options: ExchangeOptions = {},
): Promise<RawResponse | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const answered = new AbortController();
    const socket = connect(port, "127.0.0.1");
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(
          `no complete response within ${options.timeoutMs ?? 10_000} ms; got ${JSON.stringify(Buffer.concat(chunks).toString("latin1").slice(0, 300))}`,
        ),
      );
    }, options.timeoutMs ?? 10_000);
    const finish = (): void => {
      clearTimeout(timer);
      answered.abort();
      socket.destroy();
    };
    const check = (ended: boolean): void => {
      const response = parseResponse(Buffer.concat(chunks), { ...(options.head ? { head: true } : {}), ended });
      if (response === undefined && !ended) return;
      finish();
      resolve(response);
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      check(false);
    });
    // A server that answers 413 and closes may reset the connection under a client still writing.
    socket.on("error", () => check(true));
    socket.on("close", () => check(true));
    socket.once("connect", () => {
      Promise.resolve(write(socket, answered.signal)).catch((error: unknown) => {
        finish();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
}

/** Sends one request and resolves with the response. */
export function rawRequest(port: number, request: RawRequest, options: ExchangeOptions = {}): Promise<RawResponse | undefined> {
  return rawExchange(port, (socket) => void socket.write(requestBytes(port, request)), { ...options, head: request.method === "HEAD" });
}

/** Writes `chunks` one after another, waiting for drain, until they run out or `stop` is aborted. */
export async function writeUntil(socket: Socket, chunks: Iterable<Buffer | string>, stop: AbortSignal): Promise<void> {
  for (const chunk of chunks) {
    if (stop.aborted || socket.destroyed) return;
    if (!socket.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          socket.off("drain", done);
          socket.off("close", done);
          stop.removeEventListener("abort", done);
          resolve();
        };
        socket.on("drain", done);
        socket.on("close", done);
        stop.addEventListener("abort", done);
      });
    }
  }
}

/**
 * Opens a connection, writes `bytes`, and cuts it without reading anything: with a
 * FIN (`destroy`) or, with `reset`, a TCP RST. Resolves once the socket is gone.
 */
export function cutConnection(port: number, bytes: Buffer | string, reset = false): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(bytes, () => (reset ? socket.resetAndDestroy() : socket.destroy()));
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => resolve());
  });
}
