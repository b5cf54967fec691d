/**
 * The entry point of a generated server (`src/generated/server.gen.ts`):
 * `await runMain(routes);` parses the command line and starts the transport.
 */
import { Console } from "node:console";
import { DEFAULT_EXIT_GRACE_MS } from "../config/defaults.js";
import { stderrLogger } from "../observability/logger.js";
import type { RouteTable } from "../routing/types.js";
import { listenHttp } from "../transports/http/listen.js";
import type { TransportListener } from "../transports/listener.js";
import { runStdio } from "../transports/stdio.js";
import { listenTcp } from "../transports/tcp.js";
import { listenUnix } from "../transports/unix.js";
import { listenWebSocket } from "../transports/websocket.js";
import { createServer, type ServerOptions } from "./create-server.js";
import { MAIN_USAGE, parseMainArgs, type HttpMainArgs, type TcpMainArgs, type UnixMainArgs, type WebSocketMainArgs } from "./main-args.js";

type ListeningArgs = HttpMainArgs | WebSocketMainArgs | TcpMainArgs | UnixMainArgs;

/** How the endpoint line on stderr names each transport; tests and scripts parse that line. */
const ENDPOINT_NAMES: Readonly<Record<ListeningArgs["transport"], string>> = {
  http: "Streamable HTTP",
  ws: "WebSocket",
  tcp: "TCP",
  unix: "Unix socket",
};

/**
 * Starts a server from the command line; resolves when the transport ends. Bad
 * arguments print a message to stderr and set exit code 1.
 *
 * @example
 * ```ts
 * import { runMain } from "turbomcp/runtime";
 * import { routes } from "./routes.gen.js";
 * await runMain(routes);
 * ```
 */
export async function runMain(routes: RouteTable, argv: readonly string[] = process.argv.slice(2), options: ServerOptions = {}): Promise<void> {
  let parsed;
  try {
    parsed = parseMainArgs(argv);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${MAIN_USAGE}\n`);
    process.exitCode = 1;
    return;
  }
  if ("help" in parsed) {
    process.stderr.write(`${MAIN_USAGE}\n`);
    return;
  }
  const logger = options.logger ?? stderrLogger;
  // A handler's stray promise or timer callback must not end every client's session.
  process.on("unhandledRejection", (reason) => logger.error("unhandled promise rejection (a handler bug)", reason));
  process.on("uncaughtException", (error) => logger.error("uncaught exception (a handler bug)", error));
  if (parsed.transport !== "stdio") return serveUntilSignal(parsed, routes, { ...options, logger });
  // stdout is the JSON-RPC channel: a handler's console.log() would corrupt it, so
  // every console method writes to stderr while the stdio transport runs.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const server = createServer(routes, { ...options, logger });
  await runStdio(server, { logger });
  // Unref'd: a process with nothing left to do exits at once; one held open by a
  // handler's forgotten timer or socket exits after the grace period.
  setTimeout(() => process.exit(), DEFAULT_EXIT_GRACE_MS).unref();
}

function listen(routes: RouteTable, args: ListeningArgs, options: ServerOptions): Promise<TransportListener> {
  switch (args.transport) {
    case "http": {
      const { transport: _transport, ...where } = args;
      return listenHttp(routes, { ...options, ...where });
    }
    case "ws": {
      const { transport: _transport, ...where } = args;
      return listenWebSocket(routes, { ...options, ...where });
    }
    case "tcp": {
      const { transport: _transport, ...where } = args;
      return listenTcp(routes, { ...options, ...where });
    }
    case "unix":
      return listenUnix(routes, { ...options, path: args.socket });
  }
}

/** Serves until SIGINT or SIGTERM, then closes every connection and exits. */
async function serveUntilSignal(args: ListeningArgs, routes: RouteTable, options: ServerOptions): Promise<void> {
  let listener;
  try {
    listener = await listen(routes, args, options);
  } catch (error) {
    // Bad configuration or a port in use: a message for the operator, not a stack.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`[turbomcp] MCP endpoint (${ENDPOINT_NAMES[args.transport]}): ${listener.url}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await listener.close();
  setTimeout(() => process.exit(), DEFAULT_EXIT_GRACE_MS).unref();
}
