/**
 * TCP transport: newline-delimited JSON-RPC (the stdio framing) over a TCP socket,
 * one socket per client. For clients on other machines or in other containers that
 * cannot spawn the server; there is no Host or Origin to check, as browsers cannot
 * open raw TCP connections. Nor are there headers to carry credentials: clients are
 * anonymous, or (`trustLocalSockets`, loopback only) the local user.
 */
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { DEFAULT_HTTP_HOST, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_TCP_KEEPALIVE_MS, DEFAULT_TCP_PORT } from "../config/defaults.js";
import { stderrLogger } from "../protocol/logger.js";
import type { Tenant } from "../handlers/context.js";
import { LOCAL } from "../protocol/caller.js";
import type { RouteTable } from "../routing/types.js";
import { createServer, type ServerOptions } from "../protocol/create-server.js";
import { serveLineSockets } from "./line-sockets.js";
import { isLoopback } from "../network/loopback.js";
import { checkPort, urlHost, type ListenAddressOptions } from "../network/options.js";
import { listen, positiveInteger, type TransportListener } from "./listener.js";

/** `host` (default 127.0.0.1: anything else exposes the server to the network) and `port` (default 3002) are network/options.ts's. */
export interface ListenTcpOptions extends ServerOptions, ListenAddressOptions {
  /** Longest line (one message) in bytes; default 4 MiB. A longer one gets -32007 and the socket is closed. */
  readonly maxMessageBytes?: number;
  /**
   * Every client is the local user, like the stdio client: route scopes do not apply.
   * Only with a loopback `host`, where the clients are processes of this machine; any
   * other host is refused, as the network would reach a server that trusts everyone.
   */
  readonly trustLocalSockets?: boolean; /** With `trustLocalSockets`, the local user's tenant on a server with tenants (`TURBOMCP_TENANT` under `runMain`). */
  readonly tenant?: Tenant;
}

/**
 * Serves a routing table over TCP.
 *
 * @example
 * ```ts
 * import { listenTcp } from "@turbomcp/runtime/sockets";
 * import { routes } from "./generated/routes.gen.js";
 * const listener = await listenTcp(routes, { port: 3002 });
 * console.error(`MCP endpoint: ${listener.url}`); // tcp://127.0.0.1:3002
 * ```
 */
export async function listenTcp(routes: RouteTable, options: ListenTcpOptions = {}): Promise<TransportListener> {
  const host = options.host ?? DEFAULT_HTTP_HOST;
  const port = options.port ?? DEFAULT_TCP_PORT;
  checkPort(port);
  if (options.trustLocalSockets === true && !isLoopback(host)) {
    throw new TypeError(
      `trustLocalSockets treats every TCP client as the local user, so it needs a loopback host, but ${host} is reachable from other machines: ` +
        "bind 127.0.0.1 or ::1, or serve over --transport http or ws, which authenticate",
    );
  }
  const maxLineBytes = positiveInteger("maxMessageBytes", options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES);
  const server = createServer(routes, options);
  // Half-open: a client that ends its side after the last request still gets the replies.
  const tcp = createNetServer({ allowHalfOpen: true });
  const close = serveLineSockets(tcp, server, {
    maxLineBytes,
    logger: options.logger ?? stderrLogger,
    ...(options.trustLocalSockets === true && { caller: options.tenant === undefined ? LOCAL : { local: true, tenant: options.tenant } }),
    prepare(socket) {
      socket.setNoDelay(true);
      socket.setKeepAlive(true, DEFAULT_TCP_KEEPALIVE_MS);
    },
  });
  await listen(tcp, { port, host });
  const bound = (tcp.address() as AddressInfo).port;
  return { url: `tcp://${urlHost(host)}:${bound}`, close };
}
