/**
 * Server-Sent Events on a raw response: one `message` event per JSON-RPC message,
 * with an event id on the session era's resumable streams (event-streams.ts; the
 * 2026-07-28 protocol removed resumption, so its streams carry none).
 */
import type { ServerResponse } from "node:http";
import { DEFAULT_SSE_KEEPALIVE_MS } from "../../config/defaults.js";
import type { HeaderMap } from "./reply.js";

const SSE_HEADERS: HeaderMap = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  // No `Connection` header: Node sets it, and a draining server's `Connection: close` must win.
  // Reverse proxies (nginx) must not buffer the stream.
  "x-accel-buffering": "no",
};

/**
 * Starts an SSE response; headers go out at once so the client sees the stream open.
 * While it is open a comment line goes out now and then, so proxies and clients that
 * cut idle connections leave a quiet stream (a subscription, a slow tool) alone.
 */
export function startSse(res: ServerResponse, headers?: HeaderMap, keepAliveMs = DEFAULT_SSE_KEEPALIVE_MS): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, headers === undefined ? SSE_HEADERS : { ...SSE_HEADERS, ...headers });
  res.flushHeaders();
  const timer = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(":\n\n");
  }, keepAliveMs).unref();
  res.once("close", () => clearInterval(timer));
  res.once("finish", () => clearInterval(timer));
}

/** Writes one event carrying `json` (already serialised, so it has no raw newlines), with its id when the stream is resumable. */
export function writeEvent(res: ServerResponse, json: string, id?: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.write(id === undefined ? `event: message\ndata: ${json}\n\n` : `id: ${id}\nevent: message\ndata: ${json}\n\n`);
}

/** The priming event of a resumable stream: an id and empty data, so a client that loses the connection can resume from the start. */
export function writePriming(res: ServerResponse, id: string): void {
  if (!res.writableEnded && !res.destroyed) res.write(`id: ${id}\ndata: \n\n`);
}

/** Ends the connection before the stream is done: `retry` tells the client when to resume it (with `Last-Event-ID`). */
export function closeForRetry(res: ServerResponse, retryMs: number): void {
  if (res.writableEnded || res.destroyed) return;
  res.end(`retry: ${retryMs}\n\n`);
}

export function endSse(res: ServerResponse): void {
  if (!res.writableEnded) res.end();
}
