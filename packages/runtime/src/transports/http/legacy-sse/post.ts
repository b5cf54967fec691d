/**
 * POST to the endpoint the stream announced: one client message per body, answered
 * 202 at once. Replies travel on the session's stream, as the 2024-11-05 transport
 * has no other channel to the client; the POST's own response only ever says
 * whether the message was taken.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { McpError, httpStatus } from "../../../protocol/errors.js";
import { errorResponse } from "../../../protocol/jsonrpc.js";
import type { McpServer } from "../../../protocol/create-server.js";
import { inSession, sessionOwner, type Caller } from "../../../protocol/caller.js";
import { readMessage } from "../body.js";
import { isJsonContent } from "../headers.js";
import { sendAccepted, sendError, sendJson } from "../reply.js";
import type { ResolvedLegacySseOptions } from "./options.js";
import type { LegacySseSessions } from "./session.js";

export interface LegacySseEndpoint {
  readonly server: McpServer;
  readonly sessions: LegacySseSessions;
  readonly options: ResolvedLegacySseOptions;
}

export async function handleMessagePost(req: IncomingMessage, res: ServerResponse, query: string, endpoint: LegacySseEndpoint, caller: Caller): Promise<void> {
  if (!isJsonContent(req)) return sendError(res, "unsupported_media_type", "Unsupported Media Type: Content-Type must be application/json");
  const parsed = await readMessage(req, res, endpoint.options.maxBodyBytes);
  if (parsed === undefined) return;
  // The body is read first so a refusal can echo the request's id, as JSON-RPC asks.
  const requestId = parsed.kind === "request" ? parsed.message.id : null;
  const sessionId = new URLSearchParams(query).get("sessionId");
  if (sessionId === null) return sendError(res, "invalid_request", "Bad Request: the sessionId query parameter is required", requestId);
  const session = endpoint.sessions.use(sessionId, sessionOwner(caller));
  // No stream means no way to answer: the error must be the HTTP response itself (404,
  // also for a session past its request limit, which this request ended).
  if (session instanceof McpError) return sendError(res, session.code, session.message, requestId);
  if (parsed.kind === "invalid" && parsed.reply === null) {
    // JSON-RPC forbids answering a broken response or notification on the stream, but
    // the sender still learns over HTTP that nothing was accepted.
    const error = errorResponse(null, new McpError("invalid_request", `Invalid request: ${parsed.reason}`));
    return sendJson(res, httpStatus("invalid_request"), JSON.stringify(error));
  }
  sendAccepted(res);
  // The dispatcher puts any reply (including the error for an answerable malformed
  // message) on the stream through the session's peer.
  // Who sent it, as the security layer established it (ctx.principal, ctx.tenant, scopes).
  await endpoint.server.handle(parsed, session.peer, inSession(caller, session.id));
}
