/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05, basic/transports "HTTP with
 * SSE") for clients that predate Streamable HTTP: GET on the SSE path opens a
 * stream whose first event names a POST URL; every client message is POSTed there
 * and every server message comes back on the stream. One stream is one session and
 * one peer of the server. Same security policy as the Streamable HTTP endpoint:
 * Origin/Host checks, body limit, JSON-RPC error bodies only.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { requestCaller } from "../request-caller.js";
import { sessionOwner, type Caller } from "../../../protocol/caller.js";
import { McpError } from "../../../protocol/errors.js";
import type { McpServer } from "../../../protocol/create-server.js";
import { SessionManager, type SessionManagerView } from "../../../sessions/manager.js";
import { originProblem } from "../../../network/origin.js";
import { sendError } from "../reply.js";
import type { LegacySseEndpoint } from "./endpoint.js";
import { resolveLegacySseOptions, type LegacySseOptions, type ResolvedLegacySseOptions } from "./options.js";
import { handleMessagePost } from "./post.js";
import { LegacySseRelay } from "./relay.js";
import { LegacySseSession, type LegacySseSessions } from "./session.js";
import { TrackedStore } from "./tracked-store.js";

export interface LegacySseHandler {
  /** Serves a request as the caller `setRequestCaller` recorded for it (anonymous if none). */
  (req: IncomingMessage, res: ServerResponse): void;
  /** Serves a request as `caller`, established by the endpoint's admission. */
  serve(req: IncomingMessage, res: ServerResponse, caller: Caller): void;
  /** The resolved paths, for routing requests to this handler. */
  readonly ssePath: string;
  readonly messagesPath: string;
  /** Streams currently open. */
  readonly sessionCount: number;
  /** The endpoints' session manager: `stats()` for analytics, `flush()` to wait for the session store. */
  readonly sessions: SessionManagerView;
  /** Ends every stream and session; later requests get 503. */
  close(): void;
}

function splitUrl(url: string): { path: string; query: string } {
  const mark = url.indexOf("?");
  return mark === -1 ? { path: url, query: "" } : { path: url.slice(0, mark), query: url.slice(mark + 1) };
}

/**
 * Express hands a mounted handler `req.url` without the mount path and keeps the
 * full one in `originalUrl`; the announced POST URL must carry that prefix or the
 * client would POST outside the mount.
 */
function mountPrefix(req: IncomingMessage, path: string): string {
  const original: unknown = (req as IncomingMessage & { originalUrl?: unknown }).originalUrl;
  if (typeof original !== "string") return "";
  const full = splitUrl(original).path;
  return full !== path && full.endsWith(path) ? full.slice(0, full.length - path.length) : "";
}

function allowed(path: string, options: ResolvedLegacySseOptions): string {
  if (path === options.ssePath && path === options.messagesPath) return "GET, POST";
  return path === options.ssePath ? "GET" : "POST";
}

/**
 * Creates the handler for the two legacy endpoints. It serves both paths, so mount
 * it on each (or on a prefix that holds them). Options are checked here, so bad
 * configuration fails at start-up.
 *
 * @example
 * ```ts
 * import { createServer as createHttpServer } from "node:http";
 * import { createLegacySseHandler } from "@turbomcp/runtime/http";
 * import { createServer } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const legacy = createLegacySseHandler(createServer(routes));
 * createHttpServer((req, res) => {
 *   const path = (req.url ?? "/").split("?")[0];
 *   if (path === legacy.ssePath || path === legacy.messagesPath) legacy(req, res);
 *   else res.writeHead(404).end();
 * }).listen(3000, "127.0.0.1");
 * ```
 */
export function createLegacySseHandler(server: McpServer, options: LegacySseOptions = {}): LegacySseHandler {
  const resolved = resolveLegacySseOptions(options);
  const { logger, cluster } = resolved;
  // Shared: the relay must know when a session's record has landed in the store (and when it is gone).
  const store = cluster === undefined ? undefined : new TrackedStore(cluster.store);
  let relay: LegacySseRelay | undefined;
  const sessions: LegacySseSessions = new SessionManager<LegacySseSession>({
    ...resolved.sessions,
    ...(store === undefined ? {} : { store }),
    logger,
    restartHint: "open a new SSE stream",
    onEnd: (session) => {
      // Pending server→client requests (sampling, elicitation) fail now instead of at their timeout.
      server.disconnect(session.peer);
      relay?.release(session.id);
    },
  });
  if (cluster !== undefined && store !== undefined) relay = new LegacySseRelay(cluster, server, sessions, store, logger);
  let closed = false;

  const open = (req: IncomingMessage, res: ServerResponse, path: string, caller: Caller): void => {
    // Already gone: its close event has fired and would never end the session.
    if (res.destroyed) return;
    // The id (randomUUID, 122 bits from the CSPRNG) is all that ties a POST to its stream.
    const session = sessions.open((id) => new LegacySseSession(id, res, logger), sessionOwner(caller));
    if (session instanceof McpError) return sendError(res, session.code, session.message);
    res.on("close", () => sessions.end(session));
    const announce = (): void => session.open(`${mountPrefix(req, path)}${resolved.messagesPath}?sessionId=${session.id}`, resolved.keepAliveMs);
    if (relay === undefined) return announce();
    // The client POSTs as soon as it hears the endpoint, perhaps to another instance:
    // that one must find the record, and this one must be listening, before then.
    relay.hold(session).then(
      () => {
        if (sessions.get(session.id) === session) announce();
      },
      (error: unknown) => {
        logger.error("legacy SSE stream could not be shared with the other instances", error);
        sessions.end(session);
      },
    );
  };

  const endpoint: LegacySseEndpoint = { server, sessions, options: resolved, relay };
  const serve = (req: IncomingMessage, res: ServerResponse, caller: Caller): void => {
    if (closed) return sendError(res, "server_shutting_down", "Server is shutting down");
    const forbidden = originProblem(req, resolved.origin);
    if (forbidden !== undefined) return sendError(res, "forbidden", forbidden);
    const { path, query } = splitUrl(req.url ?? "/");
    if (req.method === "GET" && path === resolved.ssePath) return open(req, res, path, caller);
    if (req.method === "POST" && path === resolved.messagesPath) {
      handleMessagePost(req, res, query, endpoint, caller).catch((error: unknown) => {
        logger.error("legacy SSE message handling failed", error);
        sendError(res, "internal_error", "Internal error");
      });
      return;
    }
    if (path === resolved.ssePath || path === resolved.messagesPath) {
      return sendError(res, "method_not_allowed", `Method Not Allowed: ${String(req.method)}`, null, { allow: allowed(path, resolved) });
    }
    sendError(res, "method_not_found", `Not found: the SSE endpoint is ${resolved.ssePath}`);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => serve(req, res, requestCaller(req));
  return Object.defineProperties(handle, {
    serve: { value: serve },
    ssePath: { value: resolved.ssePath },
    messagesPath: { value: resolved.messagesPath },
    sessionCount: { get: () => sessions.size },
    sessions: { value: sessions },
    close: {
      value: () => {
        closed = true;
        sessions.close();
        relay?.close();
      },
    },
  }) as LegacySseHandler;
}
