/** What the method handlers share: the server, the sessions and the resolved options. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sessionOwner, type Caller } from "../../protocol/caller.js";
import { McpError } from "../../protocol/errors.js";
import type { JsonRpcId } from "../../protocol/jsonrpc.js";
import type { McpServer } from "../../protocol/create-server.js";
import { protocolVersionProblem, sessionIdOf } from "./headers.js";
import type { ResolvedHttpOptions } from "./options.js";
import type { SessionRecord } from "../../sessions/store.js";
import { sendError } from "./reply.js";
import { Session } from "./session.js";
import { stateOf, type SessionRelay } from "./session-relay.js";
import type { ResumableStreams } from "./event-streams.js";
import type { HttpSessions } from "./sessions.js";

export interface Endpoint {
  readonly server: McpServer;
  readonly sessions: HttpSessions;
  readonly options: ResolvedHttpOptions;
  /** Set when sessions are shared between instances (the `cluster` option). */
  readonly relay: SessionRelay | undefined;
  /** Set when the session era's SSE streams are resumable (the `eventStore` option, on by default). */
  readonly streams: ResumableStreams | undefined;
}

/** A new session for an `initialize`, or the refusal to send (503 `server_busy` at the session limit). */
export function openSession(caller: Caller, endpoint: Endpoint): Session | McpError {
  // Bound to its owner: the identity within its tenant that opened it must make every
  // later request (basic/security_best_practices, session hijacking).
  return endpoint.sessions.open((id) => new Session(id, endpoint.options.logger, endpoint.relay), sessionOwner(caller));
}

/**
 * The session a non-initialize request names, counted as one of its requests, or
 * undefined after answering: 400 without `Mcp-Session-Id`, 404 for an unknown or
 * ended one, one another principal opened, or one past its request limit (the client
 * then starts a new session),
 * 400 for an unsupported `MCP-Protocol-Version`. `requestId` is the JSON-RPC id of
 * the refused request, echoed in the error as JSON-RPC requires. A shared session
 * another instance opened is restored here first (one store read, the first time).
 */
export async function requireSession(
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: Endpoint,
  caller: Caller,
  requestId: JsonRpcId | null = null,
): Promise<Session | undefined> {
  const id = sessionIdOf(req);
  if (id === undefined) {
    sendError(res, "invalid_request", "Bad Request: Mcp-Session-Id header is required", requestId);
    return undefined;
  }
  const { sessions } = endpoint;
  const owner = sessionOwner(caller);
  const session =
    sessions.get(id) !== undefined || endpoint.relay === undefined ? sessions.use(id, owner) : await sessions.restore(id, owner, restored(endpoint));
  if (session instanceof McpError) {
    sendError(res, session.code, session.message, requestId);
    return undefined;
  }
  const problem = protocolVersionProblem(req);
  if (problem !== undefined) {
    sendError(res, "unsupported_protocol_version", problem, requestId);
    return undefined;
  }
  // A supported version other than the negotiated one is let through: the spec asks
  // only for a supported one, and the official conformance suite sends 2025-03-26 on a
  // 2025-11-25 session and expects it served.
  return session;
}

/** Builds the local copy of a shared session from its record, and gives the server its state. */
function restored(endpoint: Endpoint): (id: string, record: SessionRecord) => Session {
  return (id, record) => {
    const session = new Session(id, endpoint.options.logger, endpoint.relay);
    endpoint.server.restoreSession(session.peer, stateOf(record));
    return session;
  };
}
