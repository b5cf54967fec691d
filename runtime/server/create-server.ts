/**
 * The transport-neutral server: a routing table plus resolved options. Transports
 * hand it parsed messages together with the peer that sent them; each peer object
 * is one MCP connection (one stdio process, later one HTTP session).
 */
import { DEFAULT_REQUEST_TIMEOUT_MS } from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../observability/logger.js";
import { Connection, type Peer } from "../protocol/connection.js";
import { MAX_TIMEOUT_MS } from "../protocol/deadline.js";
import { Dispatcher } from "../protocol/dispatcher.js";
import type { ParsedMessage } from "../protocol/jsonrpc.js";
import { ResourceSubscriptions, registerSubscriptions } from "../protocol/subscriptions.js";
import type { RouteTable } from "../routing/types.js";

export interface ServerOptions {
  /** Handler timeout for routes without `policy.timeoutMs`; default 60 s. */
  readonly requestTimeoutMs?: number;
  /** Where handler bugs and protocol oddities are reported; default stderr. */
  readonly logger?: ServerLogger;
}

export interface McpServer {
  readonly routes: RouteTable;
  /** Handles one message from `peer`; resolves once any reply has been sent to it. */
  handle(message: ParsedMessage, peer: Peer): Promise<void>;
  /** The peer is gone: its pending server→client requests reject, its state is dropped. */
  disconnect(peer: Peer): void;
  /** Tells this server's subscribers of `uri` that it changed; returns how many were told. */
  notifyResourceUpdated(uri: string): number;
}

function resolveTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  // Checked here so bad configuration fails at start-up, not at the first request.
  if (!Number.isInteger(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new TypeError(`requestTimeoutMs must be an integer from 1 to ${MAX_TIMEOUT_MS}, got ${String(value)}`);
  }
  return value;
}

/**
 * Creates a server for a routing table.
 *
 * @example
 * ```ts
 * import { createServer, defineRoutes, parseMessage } from "turbomcp/runtime";
 * const server = createServer(defineRoutes({ server: { name: "demo", version: "1.0.0" } }));
 * await server.handle(parseMessage('{"jsonrpc":"2.0","id":1,"method":"ping"}'), { send: (m) => console.log(m) });
 * ```
 */
export function createServer(routes: RouteTable, options: ServerOptions = {}): McpServer {
  const subscriptions = new ResourceSubscriptions();
  registerSubscriptions(subscriptions);
  const dispatcher = new Dispatcher(routes, {
    defaultTimeoutMs: resolveTimeout(options.requestTimeoutMs),
    logger: options.logger ?? stderrLogger,
    subscriptions,
  });
  const connections = new WeakMap<Peer, Connection>();
  const connectionOf = (peer: Peer): Connection => {
    let connection = connections.get(peer);
    if (!connection) connections.set(peer, (connection = new Connection(peer)));
    return connection;
  };
  return {
    routes,
    handle: (message, peer) => dispatcher.receive(message, connectionOf(peer)),
    disconnect(peer) {
      const connection = connections.get(peer);
      if (connection) {
        connection.close();
        subscriptions.drop(connection);
      }
      connections.delete(peer);
    },
    notifyResourceUpdated: (uri) => subscriptions.notify(uri),
  };
}
