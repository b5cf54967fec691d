/** What the method handlers share: the server, the sessions and the resolved options. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { JsonRpcId } from "../../protocol/jsonrpc.js";
import type { McpServer } from "../../server/create-server.js";
import { protocolVersionOf, protocolVersionProblem, sessionIdOf } from "./headers.js";
import type { ResolvedHttpOptions } from "./options.js";
import { sendError } from "./reply.js";
import type { Session } from "./session.js";
import type { SessionStore } from "./sessions.js";

export interface Endpoint {
  readonly server: McpServer;
  readonly sessions: SessionStore;
  readonly options: ResolvedHttpOptions;
}

/**
 * The session a non-initialize request names, or undefined after answering: 400
 * without `Mcp-Session-Id`, 404 for an unknown or ended one (the client then starts
 * a new session), 400 for an unsupported `MCP-Protocol-Version` or one other than the
 * session negotiated. `requestId` is the
 * JSON-RPC id of the refused request, echoed in the error as JSON-RPC requires.
 */
export function requireSession(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, requestId: JsonRpcId | null = null): Session | undefined {
  const id = sessionIdOf(req);
  if (id === undefined) {
    sendError(res, "invalid_request", "Bad Request: Mcp-Session-Id header is required", requestId);
    return undefined;
  }
  const session = endpoint.sessions.get(id);
  if (!session) {
    sendError(res, "session_not_found", "Session not found: initialize a new session", requestId);
    return undefined;
  }
  const problem = protocolVersionProblem(req);
  if (problem !== undefined) {
    sendError(res, "unsupported_protocol_version", problem, requestId);
    return undefined;
  }
  // The header names the version the client uses; once initialize settled one, they must agree.
  const header = protocolVersionOf(req);
  const negotiated = endpoint.server.negotiatedVersion(session.peer);
  if (header !== undefined && negotiated !== undefined && header !== negotiated) {
    sendError(res, "invalid_request", `Bad Request: MCP-Protocol-Version ${header} is not the version this session negotiated (${negotiated})`, requestId);
    return undefined;
  }
  return session;
}
