/**
 * The Streamable HTTP endpoint, both eras: stateless 2026-07-28 requests and the
 * session protocol of 2025-03-26 to 2025-11-25, as one `(req, res)` function on raw
 * `node:http` types:
 * the lean path the performance budget asks for. Express (or anything else) can
 * mount it; it needs no framework.
 */
import type { Caller } from "../../protocol/caller.js";
import { requestCaller } from "./request-caller.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { McpServer } from "../../protocol/create-server.js";
import type { SessionManagerView } from "../../sessions/manager.js";
import type { Endpoint } from "./endpoint.js";
import { handleDelete, handleGet } from "./get-delete.js";
import { resolveHttpOptions, type StreamableHttpOptions } from "./options.js";
import { originProblem } from "../../network/origin.js";
import { handlePost } from "./post.js";
import { sendError } from "./reply.js";
import { createHttpSessions } from "./sessions.js";
import { SessionRelay } from "./session-relay.js";
import { ResumableStreams } from "./event-streams.js";
import { MemoryBusNetwork } from "../../cluster/memory-bus.js";
import { DEFAULT_SESSION_IDLE_TIMEOUT_MS } from "../../config/defaults.js";

const ALLOW = { allow: "GET, POST, DELETE" };

export interface StreamableHttpHandler {
  /** Serves a request as the caller `setRequestCaller` recorded for it (anonymous if none). */
  (req: IncomingMessage, res: ServerResponse): void;
  /** Serves a request as `caller`, established by the endpoint's admission. */
  serve(req: IncomingMessage, res: ServerResponse, caller: Caller): void;
  /** Sessions currently held. */
  readonly sessionCount: number;
  /** The endpoint's session manager: `stats()` for analytics, `flush()` to wait for the session store, `end()`. */
  readonly sessions: SessionManagerView;
  /** Ends subscriptions, every session and its streams; later requests get 503. */
  close(): void;
}

/**
 * Creates the handler for one MCP endpoint path. Options are checked here, so bad
 * configuration fails at start-up.
 *
 * @example
 * ```ts
 * import { createServer as createHttpServer } from "node:http";
 * import { createServer } from "@turbomcp/runtime";
 * import { createStreamableHttpHandler } from "@turbomcp/runtime/http";
 * import { routes } from "./generated/routes.gen.js";
 * const mcp = createStreamableHttpHandler(createServer(routes));
 * createHttpServer((req, res) => (req.url === "/mcp" ? mcp(req, res) : res.writeHead(404).end())).listen(3000, "127.0.0.1");
 * ```
 */
export function createStreamableHttpHandler(server: McpServer, options: StreamableHttpOptions = {}): StreamableHttpHandler {
  const resolved = resolveHttpOptions(options, server.routes.auth);
  const { logger } = resolved;
  let relay: SessionRelay | undefined;
  const { cluster, eventStore } = resolved;
  const streams =
    eventStore === undefined
      ? undefined
      : // Without a cluster, a bus of this endpoint's own carries a POST stream's events to a GET resuming it here.
        new ResumableStreams(
          eventStore,
          cluster ?? new MemoryBusNetwork().bus({ logger }),
          resolved.sessions.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS,
          logger,
        );
  const sessions = createHttpSessions(server, resolved, {
    ...(cluster !== undefined && { onEndEverywhere: (id: string) => relay?.ended(id) }),
    ...(streams !== undefined && { onEnded: (id: string) => streams.deleteSession(id) }),
  });
  if (cluster !== undefined) relay = new SessionRelay(cluster, server, sessions, logger);
  const endpoint: Endpoint = { server, sessions, options: resolved, relay, streams };
  let closed = false;
  const serve = (req: IncomingMessage, res: ServerResponse, caller: Caller): void => {
    if (closed) return sendError(res, "server_shutting_down", "Server is shutting down");
    const forbidden = originProblem(req, resolved.origin);
    if (forbidden !== undefined) return sendError(res, "forbidden", forbidden);
    const handle = req.method === "POST" ? handlePost : req.method === "GET" ? handleGet : req.method === "DELETE" ? handleDelete : undefined;
    if (handle === undefined) return sendError(res, "method_not_allowed", `Method Not Allowed: ${String(req.method)}`, null, ALLOW);
    handle(req, res, endpoint, caller).catch((error: unknown) => {
      logger.error("HTTP request handling failed", error);
      sendError(res, "internal_error", "Internal error");
    });
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => serve(req, res, requestCaller(req));
  return Object.defineProperties(handle, {
    serve: { value: serve },
    sessionCount: { get: () => sessions.size },
    sessions: { value: sessions },
    close: {
      value: () => {
        closed = true;
        // Ends subscriptions/listen streams with their final result before sessions go.
        server.close();
        // Shared sessions are released, not ended: the other instances go on serving them.
        sessions.close();
        relay?.close();
      },
    },
  }) as StreamableHttpHandler;
}
