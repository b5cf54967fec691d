/**
 * A ready-to-run `node:http` server with the MCP endpoint on one path and, beside
 * it, the legacy HTTP+SSE endpoints that clients from before Streamable HTTP use.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { McpError } from "../../protocol/errors.js";
import { errorResponse } from "../../protocol/jsonrpc.js";
import { DEFAULT_HTTP_CLOSE_GRACE_MS, DEFAULT_HTTP_HOST, DEFAULT_HTTP_PATH, DEFAULT_HTTP_PORT, DEFAULT_HTTP_REQUEST_TIMEOUT_MS } from "../../config/defaults.js";
import { trackServer } from "../../lifecycle/tracked-server.js";
import type { RouteTable } from "../../routing/types.js";
import { createServer, type McpServer, type ServerOptions } from "../../server/create-server.js";
import { drainTimeoutOf, type CloseOptions } from "../listener.js";
import { HttpDrain } from "./drain.js";
import { createStreamableHttpHandler } from "./handler.js";
import { createLegacySseHandler, type LegacySseHandler } from "./legacy-sse/handler.js";
import type { LegacySseOptions } from "./legacy-sse/options.js";
import type { StreamableHttpOptions } from "./options.js";
import { LOOPBACK_HOSTNAMES } from "./origin.js";
import { sendError } from "./reply.js";

export interface ListenHttpOptions extends ServerOptions, StreamableHttpOptions {
  /** Interface to bind; default 127.0.0.1. Anything else needs `allowedHosts`. */
  readonly host?: string;
  /** Default 3000; 0 picks a free port (see `url`). */
  readonly port?: number;
  /** The endpoint path; default `/mcp`. */
  readonly path?: string;
  /**
   * The legacy HTTP+SSE endpoints (protocol 2024-11-05 clients), on by default:
   * `false` turns them off; an object moves them or sets their limits. Origin, Host
   * and body-size settings are the ones above.
   */
  readonly legacySse?: boolean | LegacySseListenOptions;
}

/** Settings of the legacy endpoints that `listenHttp` does not share with the MCP endpoint. */
export type LegacySseListenOptions = Pick<LegacySseOptions, "ssePath" | "messagesPath" | "maxSessions" | "keepAliveMs">;

export interface HttpListener {
  /** The endpoint URL, with the port actually bound. */
  readonly url: string;
  /** The legacy SSE endpoint's URL; absent when `legacySse` is `false`. */
  readonly legacySseUrl?: string;
  /**
   * Stops accepting and drains: requests in flight are answered, new requests on
   * kept-alive connections get 503 `server_shutting_down`, until `drainTimeoutMs`;
   * then sessions and streams end and requests still running get 503. Resolves
   * once the server is closed.
   */
  close(options?: CloseOptions): Promise<void>;
}

function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTNAMES.includes(host) || host === "::1" || host.startsWith("127.");
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** The legacy handler, sharing the endpoint's security settings, or undefined when switched off. */
function legacyHandler(server: McpServer, path: string, options: ListenHttpOptions): LegacySseHandler | undefined {
  if (options.legacySse === false) return undefined;
  const own = typeof options.legacySse === "object" ? options.legacySse : {};
  const handler = createLegacySseHandler(server, {
    ...own,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
    ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  if (handler.ssePath === path || handler.messagesPath === path) {
    throw new TypeError(`the legacy SSE paths (${handler.ssePath}, ${handler.messagesPath}) must differ from the MCP endpoint path ${path}`);
  }
  return handler;
}

function checkOptions(host: string, port: number, path: string, options: ListenHttpOptions): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  if (!path.startsWith("/") || path.includes("?")) throw new TypeError(`path must start with "/" and carry no query, got "${path}"`);
  // Off loopback the default Host allow-list (localhost names) would refuse every
  // remote client; say so now instead of answering 403 to all of them later.
  if (!isLoopback(host) && options.allowedHosts === undefined) {
    throw new TypeError(`binding ${host} serves other machines: set allowedHosts to the host names clients use (["*"] only behind a proxy that checks Host)`);
  }
}

/** The `ServerOptions` part of the listen options, every one of them (cache hints, requestState key, …). */
function serverOptionsOf(options: ListenHttpOptions): ServerOptions {
  const picked: { -readonly [K in keyof ServerOptions]: ServerOptions[K] } = {};
  if (options.requestTimeoutMs !== undefined) picked.requestTimeoutMs = options.requestTimeoutMs;
  if (options.logger !== undefined) picked.logger = options.logger;
  if (options.cacheHints !== undefined) picked.cacheHints = options.cacheHints;
  if (options.requestStateSecret !== undefined) picked.requestStateSecret = options.requestStateSecret;
  if (options.requestStateTtlMs !== undefined) picked.requestStateTtlMs = options.requestStateTtlMs;
  if (options.tasks !== undefined) picked.tasks = options.tasks;
  if (options.limiter !== undefined) picked.limiter = options.limiter;
  if (options.observers !== undefined) picked.observers = options.observers;
  return picked;
}

/**
 * Requests Node's HTTP parser refuses (a bad request line, conflicting lengths,
 * headers over 16 KiB) get a JSON-RPC error too, not Node's empty 400.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
  const body = JSON.stringify(errorResponse(null, new McpError("invalid_request", tooLarge ? "Request header fields too large" : "Bad Request: malformed HTTP request")));
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/**
 * Starts a server for a routing table.
 *
 * @example
 * ```ts
 * import { listenHttp } from "turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const listener = await listenHttp(routes, { port: 3000 });
 * console.error(`MCP endpoint: ${listener.url}`);
 * ```
 */
export async function listenHttp(routes: RouteTable, options: ListenHttpOptions = {}): Promise<HttpListener> {
  const host = options.host ?? DEFAULT_HTTP_HOST;
  const port = options.port ?? DEFAULT_HTTP_PORT;
  const path = options.path ?? DEFAULT_HTTP_PATH;
  checkOptions(host, port, path, options);
  // One server for both transports: a tool's notifyResourceUpdated() reaches subscribers on either.
  // Tracked, so close() knows when the messages it handles are done.
  const tracked = trackServer(createServer(routes, serverOptionsOf(options)));
  const { server } = tracked;
  const drain = new HttpDrain(tracked);
  // Legacy first: its path check may throw, and the MCP handler starts a sweep timer.
  const legacy = legacyHandler(server, path, options);
  const endpoint = createStreamableHttpHandler(server, options);
  const http = createHttpServer(
    { requestTimeout: DEFAULT_HTTP_REQUEST_TIMEOUT_MS, headersTimeout: DEFAULT_HTTP_REQUEST_TIMEOUT_MS },
    (req: IncomingMessage, res: ServerResponse) => {
      if (!drain.admit(req, res)) return;
      const requested = pathOf(req.url ?? "/");
      if (requested === path) endpoint(req, res);
      else if (legacy && (requested === legacy.ssePath || requested === legacy.messagesPath)) legacy(req, res);
      else sendError(res, "method_not_found", `Not found: the MCP endpoint is ${path}`);
    },
  );
  http.on("clientError", answerClientError);
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const bound = (http.address() as AddressInfo).port;
  const urlHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const origin = `http://${urlHost}:${bound}`;
  return {
    url: `${origin}${path}`,
    ...(legacy ? { legacySseUrl: `${origin}${legacy.ssePath}` } : {}),
    close: async (close) =>
      drain.close(http, drainTimeoutOf(close, DEFAULT_HTTP_CLOSE_GRACE_MS), () => {
        endpoint.close();
        legacy?.close();
      }),
  };
}
