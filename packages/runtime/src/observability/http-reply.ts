/**
 * Replies for the operational endpoints (health, metrics), on plain `node:http`
 * types so Express, the lean MCP path and a bare server can all mount them.
 * Probes and scrapes must never be served from a cache.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** A framework-neutral request handler; Express accepts it as a route handler as is. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Sends `body` with `status`; HEAD gets the headers only. */
export function reply(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.statusCode = status;
  res.setHeader("content-type", contentType);
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-length", Buffer.byteLength(body));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(req.method === "HEAD" ? undefined : body);
}

export function replyJson(req: IncomingMessage, res: ServerResponse, status: number, body: object, headers?: Readonly<Record<string, string>>): void {
  reply(req, res, status, "application/json; charset=utf-8", JSON.stringify(body), headers);
}

/** Only GET and HEAD read these endpoints; anything else is 405 with `Allow`. Returns whether the method was refused. */
export function refuseMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  replyJson(req, res, 405, { error: "method_not_allowed" }, { allow: "GET, HEAD" });
  return true;
}
