/**
 * A server seen through what it is doing: every message being handled is counted,
 * and the peers it holds connections for are known. A transport that hands work to
 * the server and answers out of band (the legacy HTTP+SSE POST is answered 202
 * before the message is handled) learns here when that work is done.
 */
import type { Peer } from "../protocol/connection.js";
import type { McpServer } from "../protocol/create-server.js";
import { McpError } from "../protocol/errors.js";
import { errorResponse } from "../protocol/jsonrpc.js";
import { InFlight } from "./in-flight.js";
import { WatchedPeer, type FailServerRequest } from "./server-requests.js";

export interface TrackedServer {
  /** Hand this to the transports instead of the server itself. */
  readonly server: McpServer;
  /** `handle()` and `handleStateless()` calls that have not resolved yet. */
  readonly inFlight: InFlight;
  /** Peers the server holds a connection for: handled a message, not yet disconnected. */
  readonly peers: ReadonlySet<Peer>;
  /**
   * Fails the server→client requests (elicitation, sampling, roots) still waiting for
   * an answer, and every one sent from now on, with -32008 `server_shutting_down`;
   * the peers keep their sessions. For a drain: the requests waiting on an answer
   * then finish instead of holding the drain to its deadline.
   */
  failServerRequests(reason: string): void;
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
  // The server knows each peer by identity, so one stand-in per peer, for as long as the peer lives.
  const watched = new WeakMap<Peer, WatchedPeer>();
  let failing: { readonly fail: FailServerRequest; readonly reason: string } | undefined;
  const watch = (peer: Peer): WatchedPeer => {
    let stand = watched.get(peer);
    if (!stand) {
      watched.set(peer, (stand = new WatchedPeer(peer)));
      if (failing) stand.failRequests(failing.fail, failing.reason);
    }
    return stand;
  };
  const tracked: McpServer = {
    ...server,
    handle(message, peer, ...rest) {
      peers.add(peer);
      const stand = watch(peer);
      stand.answered(message);
      return inFlight.track(server.handle(message, stand, ...rest));
    },
    handleStateless: (...args) => inFlight.track(server.handleStateless(...args)),
    // Every method that names a peer passes its stand-in: the server keys its connections by it.
    openSessionless: (peer, protocolVersion) => server.openSessionless(watch(peer), protocolVersion),
    negotiatedVersion: (peer) => server.negotiatedVersion(watched.get(peer) ?? peer),
    sessionState: (peer) => server.sessionState(watched.get(peer) ?? peer),
    restoreSession(peer, state) {
      peers.add(peer);
      server.restoreSession(watch(peer), state);
    },
    settle(peer, response) {
      const stand = watched.get(peer);
      const settled = server.settle(stand ?? peer, response);
      if (settled) stand?.answered({ kind: "response", message: response });
      return settled;
    },
    disconnect(peer) {
      peers.delete(peer);
      server.disconnect(watched.get(peer) ?? peer);
      watched.delete(peer);
    },
  };
  return {
    server: tracked,
    inFlight,
    peers,
    failServerRequests(reason) {
      if (failing) return;
      const refusal = new McpError("server_shutting_down", reason);
      // Answered in the client's stead: the request's `ctx.elicit()` (or sample, roots) rejects.
      const fail: FailServerRequest = (stand, id) => void server.handle({ kind: "response", message: errorResponse(id, refusal) }, stand);
      failing = { fail, reason };
      for (const peer of peers) watched.get(peer)?.failRequests(fail, reason);
    },
  };
}
