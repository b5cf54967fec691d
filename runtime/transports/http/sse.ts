/**
 * Server-Sent Events on a raw response: one `message` event per JSON-RPC message.
 * No event ids: this slice does not offer resumability, so the spec's priming event
 * and `retry` field (2025-11-25, both SHOULDs tied to resumption) are left out.
 */
import type { ServerResponse } from "node:http";
import type { HeaderMap } from "./reply.js";

const SSE_HEADERS: HeaderMap = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  // Reverse proxies (nginx) must not buffer the stream.
  "x-accel-buffering": "no",
};

/** Starts an SSE response; headers go out at once so the client sees the stream open. */
export function startSse(res: ServerResponse, headers?: HeaderMap): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, headers === undefined ? SSE_HEADERS : { ...SSE_HEADERS, ...headers });
  res.flushHeaders();
}

/** Writes one event carrying `json` (already serialised, so it has no raw newlines). */
export function writeEvent(res: ServerResponse, json: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.write(`event: message\ndata: ${json}\n\n`);
}

export function endSse(res: ServerResponse): void {
  if (!res.writableEnded) res.end();
}
