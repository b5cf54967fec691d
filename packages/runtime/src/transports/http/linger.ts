/**
 * Lingering close (RFC 9112 §9.6, nginx's `lingering_close`) for a request refused
 * before its body was read, as a 413 is. The answer goes out whole, with
 * `Connection: close`, and the connection stays open while the rest of the body is
 * read and dropped (never buffered) until it ends or a bound is reached; only then
 * does it close. Closing at once, with the client's data still arriving, makes the
 * kernel answer that data with a reset, which destroys the answer before the client
 * reads it: a Node client still writing its body sees EPIPE instead of the 413.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_HTTP_LINGER_MAX_BYTES, DEFAULT_HTTP_LINGER_MS } from "../../config/defaults.js";
import { httpStatus, type McpErrorCode } from "../../protocol/errors.js";
import { JSON_HEADERS, errorJson } from "./reply.js";

export interface LingerLimits {
  /** How long the rest of the body is read before the connection is cut anyway. */
  readonly ms: number;
  /** How much of it is read before the connection is cut anyway. */
  readonly maxBytes: number;
}

const DEFAULT_LIMITS: LingerLimits = { ms: DEFAULT_HTTP_LINGER_MS, maxBytes: DEFAULT_HTTP_LINGER_MAX_BYTES };

/**
 * Answers with a JSON-RPC error (its table status) and `Connection: close`, then
 * drains the request's unread body within `limits` before the connection closes.
 */
export function refuseUnread(req: IncomingMessage, res: ServerResponse, code: McpErrorCode, message: string, limits: LingerLimits = DEFAULT_LIMITS): void {
  if (res.headersSent || res.destroyed) return;
  const body = errorJson(code, message);
  res.writeHead(httpStatus(code), { ...JSON_HEADERS, connection: "close", "content-length": Buffer.byteLength(body) });
  // Complete for the client (its Content-Length is written), yet not ended: `end()`
  // is what lets Node close the connection, so it waits for the body to be drained.
  res.write(body);
  if (req.complete || req.destroyed) return void res.end();
  const { socket } = req;
  let dropped = 0;
  const done = (): void => {
    clearTimeout(timer);
    req.off("data", onData);
    req.off("end", done);
    req.off("close", done);
    res.end();
  };
  // Past a bound the client gets a reset, but it has had the answer all along.
  const cut = (): void => {
    done();
    socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    dropped += chunk.length;
    if (dropped > limits.maxBytes) cut();
  };
  const timer = setTimeout(cut, limits.ms);
  req.on("data", onData);
  req.once("end", done);
  // The client went away mid-body (an `error` comes with a `close`).
  req.once("close", done);
  req.resume();
}
