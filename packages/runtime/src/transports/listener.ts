/** What the socket transports (WebSocket, TCP, Unix) share: the listener handle and start-up checks (address checks: network/options.ts). */
import type { Server } from "node:net";
import { checkDelay } from "../lifecycle/options.js";

/** How `close()` treats the requests still in flight. */
export interface CloseOptions {
  /**
   * How long requests in flight get to finish before they are cut; default the
   * transport's close grace (1 s). Graceful shutdown passes its drain timeout.
   */
  readonly drainTimeoutMs?: number;
}

/** The drain deadline `close()` was given, or the transport's fallback; checked. */
export function drainTimeoutOf(options: CloseOptions | undefined, fallback: number): number {
  return options?.drainTimeoutMs === undefined ? fallback : checkDelay("drainTimeoutMs", options.drainTimeoutMs);
}

/** A running transport; the same shape as `HttpListener`. */
export interface TransportListener {
  /** Where clients connect (`ws://…`, `tcp://…`, `unix:…`), with the port actually bound. */
  readonly url: string;
  /**
   * Stops accepting; requests in flight are answered (new requests on open
   * connections get -32008) until `drainTimeoutMs`, then connections still busy are
   * cut; resolves once the server is closed.
   */
  close(options?: CloseOptions): Promise<void>;
}

/** Checked at start-up so a typo fails then, not as a connection that never works. */
export function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** Listens on a TCP port or a Unix socket path; rejects with the listen error (a port in use). */
export function listen(server: Server, where: { readonly port: number; readonly host: string } | { readonly path: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(where, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
