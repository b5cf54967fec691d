/**
 * WebSocket transport: subprotocol `mcp`, one text frame = one JSON-RPC message,
 * one socket = one peer (one MCP connection, like one stdio process). Upgrades pass
 * the same Origin/Host checks and the same authenticator as Streamable HTTP; pings
 * find sockets whose peer vanished without a close frame.
 */
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { admissionRefusal, createAdmission, manifestGuards, type AdmissionCheck } from "../auth/admission.js";
import type { Authenticator } from "../auth/authenticator.js";
import {
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_PATH,
  DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_SOCKET_CLOSE_GRACE_MS,
  DEFAULT_WS_PING_INTERVAL_MS,
  DEFAULT_WS_PORT,
} from "../config/defaults.js";
import { refusalWhileDraining } from "../lifecycle/refusal.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { Caller } from "../protocol/caller.js";
import type { Peer } from "../protocol/connection.js";
import { encodeOrDrop } from "../protocol/encode.js";
import { McpError } from "../protocol/errors.js";
import { errorResponse, parseMessage } from "../protocol/jsonrpc.js";
import type { RouteTable } from "../routing/types.js";
import type { TenantResolver } from "../tenancy/resolver.js";
import { createServer, type McpServer, type ServerOptions } from "../protocol/create-server.js";
import { originPolicy } from "../network/origin.js";
import { checkListenAddress, urlHost, type NetworkOptions } from "../network/options.js";
import { drainTimeoutOf, listen, positiveInteger, type TransportListener } from "./listener.js";
import { MCP_SUBPROTOCOL, handshakeProblem, refuseUpgrade } from "./websocket-handshake.js";

/** `host`, `port` (default 3001), `allowedOrigins` and `allowedHosts` are network/options.ts's. */
export interface ListenWebSocketOptions extends ServerOptions, NetworkOptions {
  /** The endpoint path; default `/mcp`. */
  readonly path?: string;
  /** Largest message in bytes; default 4 MiB. A larger one closes the socket with 1009 (message too big). */
  readonly maxMessageBytes?: number;
  /** Ping every this many ms; a socket that missed the previous pong is cut. Default 30 s. */
  readonly pingIntervalMs?: number;
  /**
   * Checks the upgrade request's headers (`Authorization`, an API-key header) before
   * the socket opens; a refusal is the HTTP endpoint's 401 (with `WWW-Authenticate`)
   * or 403, and the principal is the caller of every message on the socket. Browsers
   * cannot set headers on a WebSocket: clients must be able to send them (Node SDK
   * clients can), and no token is ever read from the query string, where it would
   * end up in logs.
   */
  readonly authenticator?: Authenticator;
  /**
   * The tenant of every socket, resolved at the upgrade from the manifest's `tenants`
   * (`createTenantResolver`); default built from the manifest. All of the socket's
   * messages are served in that tenant.
   */
  readonly tenancy?: TenantResolver;
  /** Endpoint limits checked at the upgrade (`createHttpLimits`): per IP, principal and tenant. */
  readonly httpLimits?: AdmissionCheck & { readonly enabled?: boolean };
}

const BINARY_FRAME = new McpError("invalid_request", "Invalid request: binary frames are not supported; send each JSON-RPC message as one text frame");

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(data).toString("utf8");
}

/**
 * Serves one socket; the returned function starts its drain (new requests get
 * -32008) and resolves once its requests in flight are answered.
 */
function serveSocket(socket: WebSocket, server: McpServer, caller: Caller, logger: ServerLogger): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let draining = false;
  const peer: Peer = {
    send(message) {
      if (socket.readyState !== WebSocket.OPEN) return;
      const text = encodeOrDrop(message, logger);
      if (text !== undefined) socket.send(text);
    },
  };
  socket.on("message", (data, isBinary) => {
    // Malformed text gets its JSON-RPC error from the dispatcher; the socket stays open.
    if (isBinary) return peer.send(errorResponse(null, BINARY_FRAME));
    const message = parseMessage(textOf(data));
    const refusal = draining ? refusalWhileDraining(message) : undefined;
    if (refusal !== undefined) return peer.send(refusal);
    const task = server.handle(message, peer, caller).catch((error: unknown) => logger.error("message handling failed", error));
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  });
  // ws closes the socket itself after a protocol error (1002, 1007, 1009); without a
  // listener the error would be thrown and end the process.
  socket.on("error", (error) => logger.warn(`WebSocket closed: ${error.message}`));
  socket.on("close", () => server.disconnect(peer));
  return async () => {
    draining = true;
    // Answers a request in flight waits for (elicitation) still arrive and join the set.
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
}

function checkOptions(host: string, port: number, path: string, options: ListenWebSocketOptions): void {
  checkListenAddress(host, port, options.allowedHosts);
  if (!path.startsWith("/") || path.includes("?")) throw new TypeError(`path must start with "/" and carry no query, got "${path}"`);
}

/**
 * Serves a routing table over WebSocket.
 *
 * @example
 * ```ts
 * import { listenWebSocket } from "@turbomcp/runtime/sockets";
 * import { routes } from "./generated/routes.gen.js";
 * const listener = await listenWebSocket(routes, { port: 3001 });
 * console.error(`MCP endpoint: ${listener.url}`); // ws://127.0.0.1:3001/mcp
 * ```
 */
export async function listenWebSocket(routes: RouteTable, options: ListenWebSocketOptions = {}): Promise<TransportListener> {
  const host = options.host ?? DEFAULT_HTTP_HOST;
  const port = options.port ?? DEFAULT_WS_PORT;
  const path = options.path ?? DEFAULT_HTTP_PATH;
  checkOptions(host, port, path, options);
  const maxPayload = positiveInteger("maxMessageBytes", options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES);
  const pingIntervalMs = positiveInteger("pingIntervalMs", options.pingIntervalMs, DEFAULT_WS_PING_INTERVAL_MS);
  const policy = originPolicy(options.allowedOrigins, options.allowedHosts);
  const logger = options.logger ?? stderrLogger;
  const server = createServer(routes, options);
  const { authenticator, tenancy } = manifestGuards(routes, options, logger);
  const admission = createAdmission({ authenticator, tenancy, limits: options.httpLimits, observers: options.observers ?? [], logger });
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(MCP_SUBPROTOCOL) ? MCP_SUBPROTOCOL : false),
  });
  // Sockets pinged since they last showed life; still here at the next ping means dead.
  const awaitingPong = new WeakSet<WebSocket>();
  const drains = new Map<WebSocket, () => Promise<void>>();
  const http = createHttpServer({ requestTimeout: DEFAULT_HTTP_REQUEST_TIMEOUT_MS, headersTimeout: DEFAULT_HTTP_REQUEST_TIMEOUT_MS }, (_req, res) => {
    res.writeHead(426, { upgrade: "websocket", connection: "Upgrade", "content-type": "text/plain; charset=utf-8" });
    res.end("Upgrade Required: this is a WebSocket endpoint\n");
  });
  http.on("upgrade", (req, socket, head) => {
    // A client that resets mid-handshake must not crash the server.
    socket.on("error", () => socket.destroy());
    const refusal = handshakeProblem(req, path, policy);
    if (refusal !== undefined) return refuseUpgrade(socket, refusal);
    admission(req).then(
      (admitted) => {
        if (!admitted.ok) return refuseUpgrade(socket, admitted.refusal);
        const { caller } = admitted;
        // ws destroys a socket the client closed while its credentials were checked.
        sockets.handleUpgrade(req, socket, head, (ws) => {
          ws.on("pong", () => awaitingPong.delete(ws));
          ws.on("message", () => awaitingPong.delete(ws));
          const settled = serveSocket(ws, server, caller, logger);
          drains.set(ws, settled);
          ws.once("close", () => drains.delete(ws));
        });
      },
      (error: unknown) => {
        logger.error("WebSocket upgrade admission failed (authenticator, tenant or limits)", error);
        refuseUpgrade(socket, admissionRefusal("internal_error", "Internal error"));
      },
    );
  });
  const heartbeat = setInterval(() => {
    for (const ws of sockets.clients) {
      if (awaitingPong.has(ws)) ws.terminate();
      else {
        awaitingPong.add(ws);
        ws.ping();
      }
    }
  }, pingIntervalMs);
  heartbeat.unref();
  try {
    await listen(http, { port, host });
  } catch (error) {
    clearInterval(heartbeat);
    throw error;
  }
  const bound = (http.address() as AddressInfo).port;
  return {
    url: `ws://${urlHost(host)}:${bound}${path}`,
    async close(options) {
      const drainTimeoutMs = drainTimeoutOf(options, DEFAULT_SOCKET_CLOSE_GRACE_MS);
      clearInterval(heartbeat);
      const open = [...sockets.clients];
      const socketsClosed = open.map((ws) => new Promise<void>((resolve) => ws.once("close", () => resolve())));
      const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      // Long-lived requests (subscriptions/listen) send their final result; each socket
      // gets its close frame once its requests in flight are answered, and a peer that
      // never answers the close frame is cut after the grace period.
      server.close();
      for (const ws of open) {
        void (drains.get(ws)?.() ?? Promise.resolve()).then(() => {
          ws.close(1001, "server shutting down");
          setTimeout(() => ws.terminate(), DEFAULT_SOCKET_CLOSE_GRACE_MS).unref();
        });
      }
      // A request still running at the deadline (a handler that ignores its signal) is cut.
      const force = setTimeout(() => {
        for (const ws of open) ws.terminate();
        http.closeAllConnections();
      }, drainTimeoutMs);
      force.unref();
      sockets.close();
      await Promise.all([...socketsClosed, httpClosed]);
      clearTimeout(force);
    },
  };
}
