/**
 * GET opens the standalone SSE stream for messages that belong to no request
 * ("Listening for Messages from the Server"); DELETE ends the session ("Session
 * Management": later requests with its id get 404). Without sessions both are 405,
 * which the spec allows for each.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "../../protocol/caller.js";
import { requireSession, type Endpoint } from "./endpoint.js";
import { isStatelessVersion } from "../../protocol/versions.js";
import { acceptsSse, lastEventIdOf, protocolVersionOf } from "./headers.js";
import { sendError } from "./reply.js";
import { startSse } from "./sse.js";
import { parseEventId } from "./event-streams.js";

/** 2026-07-28 has no GET stream and no sessions: "respond with 405 Method Not Allowed". */
function refusedAsStateless(req: IncomingMessage, res: ServerResponse): boolean {
  if (!isStatelessVersion(protocolVersionOf(req))) return false;
  sendError(res, "method_not_allowed", `Method Not Allowed: ${String(req.method)} has no meaning on protocol version 2026-07-28; use POST`, null, {
    allow: "POST",
  });
  return true;
}

/** `sessionMode: "stateless"`: no stream outlives its POST and no session can end, so POST only (as the official SDK's stateless servers answer). */
function refusedAsSessionless(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): boolean {
  if (!endpoint.options.sessionless) return false;
  sendError(res, "method_not_allowed", `Method Not Allowed: ${String(req.method)}; this server keeps no sessions, use POST`, null, { allow: "POST" });
  return true;
}

export async function handleGet(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, caller: Caller): Promise<void> {
  if (refusedAsStateless(req, res) || refusedAsSessionless(req, res, endpoint)) return;
  if (!acceptsSse(req)) return sendError(res, "not_acceptable", "Not Acceptable: Accept must list text/event-stream");
  const session = await requireSession(req, res, endpoint, caller);
  if (!session) return;
  const { relay, streams } = endpoint;
  // "Resumption is always via HTTP GET with Last-Event-ID" (resumable streams): a POST
  // stream's events after it, on this response, beside the session's GET stream.
  const last = streams === undefined ? undefined : parseEventId(lastEventIdOf(req) ?? "");
  if (last?.kind === "post" && (await streams!.resumePost(session.id, last, res))) return;
  // The session's GET stream. Shared: messages other instances send it come here from
  // now on; it opens for the client once they do, so none sent after it is missed.
  if (relay !== undefined) await relay.listen(session, res);
  if (res.destroyed) return;
  if (last?.kind === "get" && (await streams!.resumeGet(session.id, last, res, (cursor) => session.attach(res, cursor)))) return;
  // A new GET stream (also for an id of a stream no longer kept).
  if (res.destroyed) return;
  startSse(res);
  session.attach(res, streams?.get(session.id), true);
}

export async function handleDelete(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, caller: Caller): Promise<void> {
  if (refusedAsStateless(req, res) || refusedAsSessionless(req, res, endpoint)) return;
  const session = await requireSession(req, res, endpoint, caller);
  if (!session) return;
  endpoint.sessions.end(session);
  res.writeHead(204);
  res.end();
}
