/**
 * The options every network transport shares, documented and checked once: where to
 * listen, and whom the DNS-rebinding check lets in. `listenHttp`, `listenWebSocket`,
 * `listenTcp`, the Streamable HTTP and legacy SSE handlers, the command line and the
 * runtime config extend these or pick from them.
 */
import { isLoopback } from "./loopback.js";

/** Where a network transport listens. */
export interface ListenAddressOptions {
  /**
   * Interface to bind; default 127.0.0.1. Anything else serves other machines: the HTTP
   * and WebSocket transports then need `allowedHosts`.
   */
  readonly host?: string;
  /** TCP port; 0 picks a free one (see the listener's `url`). Default 3000 for HTTP, 3001 for WebSocket, 3002 for TCP. */
  readonly port?: number;
}

/** The Origin and Host check of the HTTP endpoints and WebSocket upgrades (DNS-rebinding protection). */
export interface OriginCheckOptions {
  /**
   * Browser origins allowed to call the endpoint, exactly as browsers send them
   * (`https://app.example.com`); `["*"]` allows any. Default: loopback origins only.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Host names the `Host` header may carry (`*.example.com`: one label under it);
   * `["*"]` allows any. Default: localhost, 127.0.0.1, [::1]. Needed to bind beyond loopback.
   */
  readonly allowedHosts?: readonly string[];
}

/** Both: what the HTTP and WebSocket transports take (and their command-line flags and runtime config). */
export interface NetworkOptions extends ListenAddressOptions, OriginCheckOptions {}

/** The largest TCP port. */
export const MAX_PORT = 65535;

/** Checked at start-up so a typo fails then, not as a listen error or a client that never connects. */
export function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > MAX_PORT) throw new TypeError(`port must be an integer from 0 to ${MAX_PORT}, got ${String(port)}`);
}

/**
 * For transports with a Host check: off loopback, the default Host allow-list (the
 * localhost names) would refuse every remote client, so say so at start-up instead of
 * answering 403 to all of them later.
 */
export function checkListenAddress(host: string, port: number, allowedHosts: OriginCheckOptions["allowedHosts"]): void {
  checkPort(port);
  if (!isLoopback(host) && allowedHosts === undefined) {
    throw new TypeError(`binding ${host} serves other machines: set allowedHosts to the host names clients use (["*"] only behind a proxy that checks Host)`);
  }
}

/** `::1` → `[::1]`, as a URL needs it. */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
