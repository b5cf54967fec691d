/**
 * A 2026-07-28 POST (basic/transports/streamable-http): no session, no handshake.
 * Each request carries its version and capabilities in `_meta`, mirrored into
 * headers that must match the body. The reply is one JSON body, or an SSE stream
 * scoped to the request when it reports progress or logs first; closing that stream
 * cancels the request. Errors carry their table status (400 for bad `_meta`,
 * headers or version, 404 for an unknown method).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { encodeOrDrop } from "../../protocol/encode.js";
import { LazyAbort } from "../../protocol/lazy-abort.js";
import { McpError, httpStatus } from "../../protocol/errors.js";
import { errorResponse, type JsonRpcRequest, type ParsedMessage } from "../../protocol/jsonrpc.js";
import type { Peer } from "../../protocol/connection.js";
import { readRequestMeta, unsupportedVersion } from "../../protocol/request-meta.js";
import type { Caller } from "../../protocol/caller.js";
import { batchRefusal } from "../../protocol/batches.js";
import { isStatelessVersion, isSupportedVersion } from "../../protocol/versions.js";
import type { Endpoint } from "./endpoint.js";
import { Exchange } from "./exchange.js";
import { refusalHeaders, statelessReplyStatus } from "./refusal-reply.js";
import { protocolVersionOf } from "./headers.js";
import { sendAccepted, sendError, sendJson } from "./reply.js";
import { checkRequestHeaders } from "./request-headers.js";

export async function handleStatelessPost(req: IncomingMessage, res: ServerResponse, parsed: ParsedMessage, endpoint: Endpoint, caller: Caller): Promise<void> {
  if (parsed.kind === "notification") return sendAccepted(res); // the core defines none over HTTP; accepting is harmless
  if (parsed.kind === "response") return sendError(res, "invalid_request", "Invalid request: this server sends no requests, so there is nothing to respond to");
  if (parsed.kind === "invalid") return; // answered by the caller
  const version = protocolVersionOf(req);
  // Here by its header's version, 2026-07-28 or one this server does not speak: never one with batches.
  if (parsed.kind === "batch") return sendError(res, "invalid_request", batchRefusal(version).message);
  const request = parsed.message;
  try {
    refuseUnknownVersion(version);
    checkRequestHeaders(req, request, readRequestMeta(request.params), endpoint.server.routes.tools);
  } catch (error) {
    const failure = error instanceof McpError ? error : new McpError("internal_error", "Internal error");
    return sendJson(res, httpStatus(failure.code), JSON.stringify(errorResponse(request.id, failure)));
  }
  await serveStateless(req, res, request, endpoint, caller);
}

/**
 * A header naming a version this server does not speak at all is refused first,
 * listing what it does speak: the most useful answer to a client of another era.
 */
function refuseUnknownVersion(version: string | undefined): void {
  // A legacy version beside a modern body is a mismatch, reported by the header check.
  if (version === undefined || isStatelessVersion(version) || isSupportedVersion(version)) return;
  throw unsupportedVersion(version);
}

async function serveStateless(req: IncomingMessage, res: ServerResponse, request: JsonRpcRequest, endpoint: Endpoint, caller: Caller): Promise<void> {
  const { challenge } = endpoint.options;
  const exchange = new Exchange(res, { status: statelessReplyStatus, headers: (response) => refusalHeaders(response, challenge) });
  const { logger } = endpoint.options;
  const peer: Peer = {
    send(message) {
      if (Array.isArray(message) || !("method" in message)) return exchange.respond(message);
      const json = encodeOrDrop(message, logger);
      if (json !== undefined && exchange.open) exchange.push(json);
    },
  };
  // "Closing the SSE response stream MUST be treated by the server as cancellation."
  const hangUp = new LazyAbort();
  const onClose = (): void => {
    if (!exchange.done) hangUp.abort();
  };
  res.once("close", onClose);
  try {
    // Who sent it, as the security layer established it (ctx.principal, ctx.tenant, scopes);
    // the headers carry the trace context the request's own `_meta` may override.
    await endpoint.server.handleStateless(request, peer, hangUp, caller, req.headers);
  } finally {
    res.off("close", onClose);
    exchange.finish();
  }
}
