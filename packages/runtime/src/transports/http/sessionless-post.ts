/**
 * A 2025-era POST on an endpoint with `sessionMode: "stateless"`. "A server using the
 * Streamable HTTP transport MAY assign a session ID at initialization time"
 * (basic/transports, "Session Management"); this one assigns none, so a balancer may
 * send each request to any instance. `initialize` is answered without
 * `Mcp-Session-Id`; every other request is served on a connection of its own, taken as
 * initialized on its `MCP-Protocol-Version` (2025-03-26 when absent, the spec's
 * backwards-compatibility rule) and dropped once answered. What the client declared
 * at initialize is unknown there, so the server asks it nothing (no elicitation,
 * sampling or roots), `resources/subscribe` is refused and `logging/setLevel` has no
 * lasting effect (protocol/: `Connection.sessionless`). Progress and log messages of a
 * request still go on that request's SSE stream.
 *
 * Like the official SDK without a `sessionIdGenerator`, an `Mcp-Session-Id` a client
 * sends anyway is ignored, on `initialize` too. A closed stream does not cancel its
 * request (the legacy spec: "disconnection SHOULD NOT be interpreted as the client
 * cancelling"), and `notifications/cancelled`, arriving on another POST, finds nothing
 * to cancel: a request runs to its end or its timeout.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { acceptsBatches, batchRefusal } from "../../protocol/batches.js";
import type { Caller } from "../../protocol/caller.js";
import type { Peer } from "../../protocol/connection.js";
import { encodeOrDrop } from "../../protocol/encode.js";
import type { JsonRpcBatchReply, JsonRpcMessage, ParsedMessage } from "../../protocol/jsonrpc.js";
import { isSupportedVersion, type ProtocolVersion } from "../../protocol/versions.js";
import type { Endpoint } from "./endpoint.js";
import { Exchange } from "./exchange.js";
import { protocolVersionOf, protocolVersionProblem } from "./headers.js";
import { refusalHeaders, sessionReplyStatus } from "./refusal-reply.js";
import { sendAccepted, sendError } from "./reply.js";

/** basic/transports: "the server SHOULD assume protocol version 2025-03-26" without the header. */
const HEADERLESS_VERSION: ProtocolVersion = "2025-03-26";

export async function handleSessionlessPost(
  req: IncomingMessage,
  res: ServerResponse,
  parsed: ParsedMessage,
  endpoint: Endpoint,
  caller: Caller,
): Promise<void> {
  if (parsed.kind === "invalid") return; // answered by the caller
  // initialized, cancelled, roots/list_changed: nothing is kept that they could change.
  if (parsed.kind === "notification") return sendAccepted(res);
  if (parsed.kind === "response") {
    return sendError(res, "invalid_request", "Invalid request: this server keeps no sessions and sends no requests, so there is nothing to respond to");
  }
  const problem = protocolVersionProblem(req);
  if (problem !== undefined) return sendError(res, "unsupported_protocol_version", problem, parsed.kind === "request" ? parsed.message.id : null);
  const header = protocolVersionOf(req);
  const version = isSupportedVersion(header) ? header : HEADERLESS_VERSION;
  // Checked here as post.ts does for sessions, so a refused batch gets the same 400.
  if (parsed.kind === "batch" && !acceptsBatches(version)) return sendError(res, "invalid_request", batchRefusal(version).message);
  const { server, options } = endpoint;
  const exchange = new Exchange(res, { status: sessionReplyStatus, headers: (response) => refusalHeaders(response, options.challenge) });
  const peer = exchangePeer(exchange, options.logger);
  const initializing = parsed.kind === "request" && parsed.message.method === "initialize";
  server.openSessionless(peer, initializing ? undefined : version);
  try {
    // Who sent it, as the security layer established it (ctx.principal, ctx.tenant, scopes); no ctx.session.
    await server.handle(parsed, peer, caller, req.headers);
  } finally {
    server.disconnect(peer);
    exchange.finish();
  }
}

/** The one-request peer: the reply (a batch's replies, as one array) ends the exchange; anything else goes on its stream while it is open. */
function exchangePeer(exchange: Exchange, logger: Endpoint["options"]["logger"]): Peer {
  return {
    send(message: JsonRpcMessage | JsonRpcBatchReply) {
      if (Array.isArray(message) || !("method" in message)) return exchange.respond(message);
      const json = encodeOrDrop(message, logger);
      if (json !== undefined && exchange.open) exchange.push(json);
    },
  };
}
