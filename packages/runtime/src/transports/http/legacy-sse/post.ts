/**
 * POST to the endpoint the stream announced: one client message per body, answered
 * 202 at once. Replies travel on the session's stream, as the 2024-11-05 transport
 * has no other channel to the client; the POST's own response only ever says
 * whether the message was taken. With several instances (the `cluster` option), a
 * POST for a stream another instance holds is checked here and carried there (relay.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { McpError, httpStatus } from "../../../protocol/errors.js";
import { errorResponse, type JsonRpcId, type ParsedMessage } from "../../../protocol/jsonrpc.js";
import { sessionOwner, type Caller } from "../../../protocol/caller.js";
import { readMessage } from "../body.js";
import { isJsonContent } from "../headers.js";
import { sendAccepted, sendError, sendJson } from "../reply.js";
import { isUnanswerable, serveOnStream, type LegacySseEndpoint } from "./endpoint.js";
import type { LegacySseRelay } from "./relay.js";

export async function handleMessagePost(req: IncomingMessage, res: ServerResponse, query: string, endpoint: LegacySseEndpoint, caller: Caller): Promise<void> {
  if (!isJsonContent(req)) return sendError(res, "unsupported_media_type", "Unsupported Media Type: Content-Type must be application/json");
  const parsed = await readMessage(req, res, endpoint.options.maxBodyBytes);
  if (parsed === undefined) return;
  // The body is read first so a refusal can echo the request's id, as JSON-RPC asks.
  const requestId = parsed.kind === "request" ? parsed.message.id : null;
  const sessionId = new URLSearchParams(query).get("sessionId");
  if (sessionId === null) return sendError(res, "invalid_request", "Bad Request: the sessionId query parameter is required", requestId);
  const { relay } = endpoint;
  if (relay !== undefined && endpoint.sessions.get(sessionId) === undefined) return forward(res, sessionId, parsed, caller, relay, requestId);
  const session = endpoint.sessions.use(sessionId, sessionOwner(caller));
  // No stream means no way to answer: the error must be the HTTP response itself (404,
  // also for a session past its request limit, which this request ended).
  if (session instanceof McpError) return sendError(res, session.code, session.message, requestId);
  if (isUnanswerable(parsed)) return sendInvalid(res, parsed.reason);
  sendAccepted(res);
  await serveOnStream(endpoint.server, session, parsed, caller);
}

/** A session whose stream another instance may hold: 202 once that instance took the message, else its refusal (404). */
async function forward(
  res: ServerResponse,
  sessionId: string,
  parsed: ParsedMessage,
  caller: Caller,
  relay: LegacySseRelay,
  requestId: JsonRpcId | null,
): Promise<void> {
  const refused = await relay.forward(sessionId, parsed, caller);
  if (refused !== undefined) return sendError(res, refused.code, refused.message, requestId);
  if (isUnanswerable(parsed)) return sendInvalid(res, parsed.reason);
  sendAccepted(res);
}

/**
 * JSON-RPC forbids answering a broken response or notification on the stream, but the
 * sender still learns over HTTP that nothing was accepted.
 */
function sendInvalid(res: ServerResponse, reason: string): void {
  const error = errorResponse(null, new McpError("invalid_request", `Invalid request: ${reason}`));
  sendJson(res, httpStatus("invalid_request"), JSON.stringify(error));
}
