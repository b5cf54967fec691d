/**
 * A server seen through what it is doing: every message being handled is counted,
 * and the peers it holds connections for are known. A transport that hands work to
 * the server and answers out of band (the legacy HTTP+SSE POST is answered 202
 * before the message is handled) learns here when that work is done.
 */
import type { Peer } from "../protocol/connection.js";
import type { McpServer } from "../protocol/create-server.js";
import { InFlight } from "./in-flight.js";

export interface TrackedServer {
  /** Hand this to the transports instead of the server itself. */
  readonly server: McpServer;
  /** `handle()` and `handleStateless()` calls that have not resolved yet. */
  readonly inFlight: InFlight;
  /** Peers the server holds a connection for: handled a message, not yet disconnected. */
  readonly peers: ReadonlySet<Peer>;
}

/**
 * Wraps `server` so its work in flight can be awaited.
 *
 * @example
 * ```ts
 * import { createServer, defineRoutes, trackServer } from "@turbomcp/runtime";
 * const tracked = trackServer(createServer(defineRoutes({ server: { name: "demo", version: "1.0.0" } })));
 * // …hand tracked.server to a transport; on shutdown:
 * await tracked.inFlight.idle();
 * ```
 */
export function trackServer(server: McpServer, inFlight: InFlight = new InFlight()): TrackedServer {
  const peers = new Set<Peer>();
  const tracked: McpServer = {
    ...server,
    handle(message, peer, ...rest) {
      peers.add(peer);
      return inFlight.track(server.handle(message, peer, ...rest));
    },
    handleStateless: (...args) => inFlight.track(server.handleStateless(...args)),
    disconnect(peer) {
      peers.delete(peer);
      server.disconnect(peer);
    },
  };
  return { server: tracked, inFlight, peers };
}
