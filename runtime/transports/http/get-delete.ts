/**
 * GET opens the standalone SSE stream for messages that belong to no request
 * ("Listening for Messages from the Server"); DELETE ends the session ("Session
 * Management": later requests with its id get 404).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { requireSession, type Endpoint } from "./endpoint.js";
import { acceptsSse } from "./headers.js";
import { sendError } from "./reply.js";
import { startSse } from "./sse.js";

export function handleGet(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): void {
  if (!acceptsSse(req)) return sendError(res, "not_acceptable", "Not Acceptable: Accept must list text/event-stream");
  const session = requireSession(req, res, endpoint);
  if (!session) return;
  startSse(res);
  session.attach(res);
}

export function handleDelete(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint): void {
  const session = requireSession(req, res, endpoint);
  if (!session) return;
  endpoint.sessions.end(session);
  res.writeHead(204);
  res.end();
}
