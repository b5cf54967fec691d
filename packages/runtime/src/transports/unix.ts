/**
 * Unix-socket transport: newline-delimited JSON-RPC (the stdio framing) over a Unix
 * domain socket, one socket per client. Access is governed by the file system: only
 * users who may write the socket file can connect. No credentials travel with the
 * messages: clients are anonymous, or (`trustLocalSockets`) the local user.
 */
import { lstat, unlink } from "node:fs/promises";
import { connect, createServer as createNetServer } from "node:net";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../config/defaults.js";
import { stderrLogger } from "../protocol/logger.js";
import type { Tenant } from "../handlers/context.js";
import { LOCAL } from "../protocol/caller.js";
import type { RouteTable } from "../routing/types.js";
import { createServer, type ServerOptions } from "../protocol/create-server.js";
import { serveLineSockets } from "./line-sockets.js";
import { listen, positiveInteger, type TransportListener } from "./listener.js";

export interface ListenUnixOptions extends ServerOptions {
  /** Path of the socket file. A stale one (nothing listening) is replaced; anything else is an error. */
  readonly path: string;
  /** Longest line (one message) in bytes; default 4 MiB. A longer one gets -32007 and the socket is closed. */
  readonly maxMessageBytes?: number;
  /**
   * Every client is the local user, like the stdio client: route scopes do not apply.
   * The socket file's permissions then decide who that may be: keep it to the user.
   */
  readonly trustLocalSockets?: boolean; /** With `trustLocalSockets`, the local user's tenant on a server with tenants (`TURBOMCP_TENANT` under `runMain`). */
  readonly tenant?: Tenant;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** Resolves true when a server accepts connections on `path`, false when the socket is stale. */
function listening(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = connect(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", (error) => {
      if (errorCode(error) === "ECONNREFUSED" || errorCode(error) === "ENOENT") resolve(false);
      else reject(error);
    });
  });
}

/**
 * A server that crashed leaves its socket file behind, and listen() then fails with
 * EADDRINUSE. Remove it, but only when it is a socket nobody listens on: a live
 * server's socket or a regular file that happens to have this name is not ours.
 */
async function removeStaleSocket(path: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  if (!stats.isSocket()) throw new Error(`${path} exists and is not a socket; remove it or choose another path`);
  if (await listening(path)) throw new Error(`${path} is in use by a running server`);
  await unlink(path);
}

/**
 * Serves a routing table on a Unix domain socket.
 *
 * @example
 * ```ts
 * import { listenUnix } from "@turbomcp/runtime/sockets";
 * import { routes } from "./generated/routes.gen.js";
 * const listener = await listenUnix(routes, { path: "/run/user/1000/calculator.sock" });
 * console.error(`MCP endpoint: ${listener.url}`); // unix:/run/user/1000/calculator.sock
 * ```
 */
export async function listenUnix(routes: RouteTable, options: ListenUnixOptions): Promise<TransportListener> {
  const { path } = options;
  if (typeof path !== "string" || path === "") throw new TypeError("path must name the socket file");
  const maxLineBytes = positiveInteger("maxMessageBytes", options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES);
  const server = createServer(routes, options);
  await removeStaleSocket(path);
  // Half-open: a client that ends its side after the last request still gets the replies.
  const unix = createNetServer({ allowHalfOpen: true });
  // Closing the listening socket unlinks its file (libuv), so no cleanup of our own.
  const close = serveLineSockets(unix, server, {
    maxLineBytes,
    logger: options.logger ?? stderrLogger,
    ...(options.trustLocalSockets === true && { caller: options.tenant === undefined ? LOCAL : { local: true, tenant: options.tenant } }),
  });
  await listen(unix, { path });
  return { url: `unix:${path}`, close };
}
