/**
 * POST: one JSON-RPC message per body (basic/transports, "Sending Messages to the
 * Server"). Checks common to both eras (Accept, Content-Type, body size, JSON) come
 * first; then a 2026-07-28 request goes to stateless-post.ts and the rest to the
 * session protocol here. Legacy notifications and responses get 202 at once;
 * requests get their reply as JSON or as an SSE stream (see exchange.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { McpError, httpStatus } from "../../protocol/errors.js";
import { errorResponse, type JsonRpcRequest, type JsonRpcResponse, type ParsedMessage } from "../../protocol/jsonrpc.js";
import { inSession, type Caller } from "../../protocol/caller.js";
import { hasRequestMeta } from "../../protocol/request-meta.js";
import { acceptsBatches, batchRefusal } from "../../protocol/batches.js";
import { isSupportedVersion } from "../../protocol/versions.js";
import { readMessage } from "./body.js";
import { openSession, requireSession, type Endpoint } from "./endpoint.js";
import { Exchange, type ExchangeOptions } from "./exchange.js";
import { refusalHeaders, sessionReplyStatus } from "./refusal-reply.js";
import { SESSION_HEADER, acceptsJsonAndSse, isJsonContent, protocolVersionOf, sessionIdOf } from "./headers.js";
import { sendAccepted, sendError, sendJson, type HeaderMap } from "./reply.js";
import type { Session } from "./session.js";
import { handleStatelessPost } from "./stateless-post.js";
import { relayClientMessage, sharedStateHold } from "./shared-session-post.js";
import { handleSessionlessPost } from "./sessionless-post.js";

export async function handlePost(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, caller: Caller): Promise<void> {
  if (!acceptsJsonAndSse(req)) return sendError(res, "not_acceptable", "Not Acceptable: Accept must list application/json and text/event-stream");
  if (!isJsonContent(req)) return sendError(res, "unsupported_media_type", "Unsupported Media Type: Content-Type must be application/json");
  const parsed = await readMessage(req, res, endpoint.options.maxBodyBytes);
  if (parsed === undefined) return;
  if (parsed.kind === "invalid") {
    // "If the server cannot accept the input, it MUST return an HTTP error status code";
    // -32700 and -32600 both map to 400, and even an unanswerable message gets a body here.
    const reply = parsed.reply ?? errorResponse(null, new McpError("invalid_request", `Invalid request: ${parsed.reason}`));
    return sendJson(res, httpStatus("invalid_request"), JSON.stringify(reply));
  }
  if (isStatelessPost(req, parsed)) return handleStatelessPost(req, res, parsed, endpoint, caller);
  if (endpoint.options.sessionless) return handleSessionlessPost(req, res, parsed, endpoint, caller);
  if (parsed.kind === "request" && parsed.message.method === "initialize") return initialize(req, res, parsed.message, endpoint, caller);
  const session = await requireSession(req, res, endpoint, caller, parsed.kind === "request" ? parsed.message.id : null);
  if (!session) return;
  // Who sent it, as the security layer established it (ctx.principal, ctx.tenant, scopes), in its session.
  const sessionCaller = inSession(caller, session.id);
  if (parsed.kind === "request") return serve(req, res, parsed.message, session, endpoint, sessionCaller, sharedStateHold(parsed.message, session, endpoint));
  if (parsed.kind === "batch") return serveBatch(req, res, parsed.items, session, endpoint, sessionCaller);
  sendAccepted(res);
  if (endpoint.relay !== undefined) return relayClientMessage(parsed, session, endpoint, endpoint.relay, sessionCaller);
  await endpoint.server.handle(parsed, session.peer, sessionCaller);
}

/**
 * Which era a POST belongs to (basic/versioning, "A dual-era server selects its
 * behavior from how the client opens"). A request carrying the per-request `_meta`
 * version is modern whatever else it says, so its headers are always checked against
 * its body (a legacy header or a session id beside it is a mismatch, not a way
 * around the check). Otherwise the `MCP-Protocol-Version` header decides: a legacy
 * version keeps the session protocol, anything else (2026-07-28, or a version this
 * server does not know, which then gets -32022) is stateless.
 */
function isStatelessPost(req: IncomingMessage, parsed: ParsedMessage): boolean {
  if (parsed.kind === "request" && hasRequestMeta(parsed.message.params)) return true;
  const version = protocolVersionOf(req);
  return version !== undefined && !isSupportedVersion(version);
}

async function initialize(req: IncomingMessage, res: ServerResponse, request: JsonRpcRequest, endpoint: Endpoint, caller: Caller): Promise<void> {
  if (sessionIdOf(req) !== undefined)
    return sendError(res, "invalid_request", "Bad Request: initialize starts a session and must not carry Mcp-Session-Id", request.id);
  const session = openSession(caller, endpoint);
  if (session instanceof McpError) return sendError(res, session.code, session.message, request.id);
  let accepted = false;
  // The id goes out only with a successful result: a failed initialize leaves no session.
  const headers = (response: JsonRpcResponse | undefined): HeaderMap | undefined =>
    response !== undefined && "result" in response ? { [SESSION_HEADER]: session.id } : undefined;
  const shared = sharedStateHold(request, session, endpoint);
  const hold = (response: JsonRpcResponse): Promise<JsonRpcResponse | undefined> | undefined => {
    accepted = "result" in response;
    return shared?.hold?.(response);
  };
  await serve(req, res, request, session, endpoint, inSession(caller, session.id), { headers, hold });
  if (!accepted) endpoint.sessions.end(session);
  // A shared session's record was written with its state before the reply left (see sharedStateHold).
  else if (endpoint.relay === undefined) endpoint.sessions.update(session, { protocolVersion: endpoint.server.negotiatedVersion(session.peer) });
}

/**
 * A 2025-03-26 batch: one response carries the replies to all its requests, as a
 * JSON array (or as the last event of a stream when something is sent first). On
 * other versions the batch is refused; with no requests in it, 202.
 */
async function serveBatch(
  req: IncomingMessage,
  res: ServerResponse,
  items: readonly ParsedMessage[],
  session: Session,
  endpoint: Endpoint,
  caller: Caller,
): Promise<void> {
  const version = endpoint.server.negotiatedVersion(session.peer);
  if (!acceptsBatches(version)) return sendError(res, "invalid_request", batchRefusal(version).message);
  const ids = items.flatMap((item) => (item.kind === "request" ? [item.message.id] : []));
  if (ids.length === 0) {
    sendAccepted(res);
    return endpoint.server.handle({ kind: "batch", items }, session.peer, caller);
  }
  if (new Set(ids).size !== ids.length || ids.some((id) => session.exchanges.has(id))) {
    return sendError(res, "invalid_request", "Invalid request: request ids in a batch must be unique and not in use");
  }
  const exchange = new Exchange(res);
  for (const id of ids) session.exchanges.set(id, exchange);
  try {
    await endpoint.server.handle({ kind: "batch", items }, session.peer, caller, req.headers);
  } finally {
    for (const id of ids) if (session.exchanges.get(id) === exchange) session.exchanges.delete(id);
    exchange.finish();
    session.lastSeen = Date.now();
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  request: JsonRpcRequest,
  session: Session,
  endpoint: Endpoint,
  caller: Caller,
  options?: ExchangeOptions,
): Promise<void> {
  const { id } = request;
  // The reply is routed by id, so a second request with a running request's id cannot share it.
  if (session.exchanges.has(id)) return sendError(res, "invalid_request", `Invalid request: request id ${JSON.stringify(id)} is already in use`, id);
  const { challenge } = endpoint.options;
  const extra = options?.headers;
  const exchange = new Exchange(res, {
    status: sessionReplyStatus,
    headers: (response) => {
      const own = extra?.(response);
      const refusal = refusalHeaders(response, challenge);
      return own === undefined ? refusal : refusal === undefined ? own : { ...own, ...refusal };
    },
    ...(options?.hold === undefined ? {} : { hold: options.hold }),
    ...(endpoint.streams === undefined ? {} : { resumable: () => endpoint.streams!.post(session.id) }),
  });
  session.exchanges.set(id, exchange);
  try {
    // The headers carry the trace context the request's own `_meta` may override.
    await endpoint.server.handle({ kind: "request", message: request }, session.peer, caller, req.headers);
  } finally {
    if (session.exchanges.get(id) === exchange) session.exchanges.delete(id);
    exchange.finish();
    session.lastSeen = Date.now();
  }
}
