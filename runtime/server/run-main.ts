/**
 * The entry point of a generated server (`src/generated/server.gen.ts`):
 * `await runMain(routes);` parses the command line and starts the transport.
 */
import { Console } from "node:console";
import { parseArgs } from "node:util";
import { DEFAULT_EXIT_GRACE_MS, DEFAULT_TRANSPORT, SUPPORTED_TRANSPORTS } from "../config/defaults.js";
import { stderrLogger } from "../observability/logger.js";
import type { RouteTable } from "../routing/types.js";
import { listenHttp } from "../transports/http/listen.js";
import { runStdio } from "../transports/stdio.js";
import { createServer, type ServerOptions } from "./create-server.js";

const USAGE = `usage: <server> [--transport ${SUPPORTED_TRANSPORTS.join("|")}] [--host <address>] [--port <port>] [--path </mcp>] [--allowed-host <name>]... [--allowed-origin <origin>]...`;

type Transport = (typeof SUPPORTED_TRANSPORTS)[number];

function isTransport(name: string): name is Transport {
  return (SUPPORTED_TRANSPORTS as readonly string[]).includes(name);
}

/** `--transport http` and where to listen; unset fields take the defaults of `listenHttp`. */
export interface HttpMainArgs {
  readonly transport: "http";
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  /** Host names clients may use (DNS-rebinding check); needed to bind beyond loopback. */
  readonly allowedHosts?: readonly string[];
  /** Browser origins allowed to call the endpoint. */
  readonly allowedOrigins?: readonly string[];
}

export type MainArgs = { readonly transport: "stdio" } | HttpMainArgs | { readonly help: true };

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${text}"`);
  return port;
}

/** Reads the transport and its flags from argv; throws a message meant for the user on bad input. */
export function parseMainArgs(argv: readonly string[]): MainArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      transport: { type: "string", short: "t" },
      host: { type: "string" },
      port: { type: "string" },
      path: { type: "string" },
      "allowed-host": { type: "string", multiple: true },
      "allowed-origin": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  const transport = values.transport ?? DEFAULT_TRANSPORT;
  if (!isTransport(transport)) {
    throw new Error(`unsupported transport "${transport}"; supported transports: ${SUPPORTED_TRANSPORTS.join(", ")}`);
  }
  const { host, port, path, "allowed-host": allowedHosts, "allowed-origin": allowedOrigins } = values;
  if (transport === "stdio") {
    if ([host, port, path, allowedHosts, allowedOrigins].some((value) => value !== undefined)) {
      throw new Error("--host, --port, --path, --allowed-host and --allowed-origin apply only to --transport http");
    }
    return { transport };
  }
  return {
    transport,
    ...(host === undefined ? {} : { host }),
    ...(port === undefined ? {} : { port: parsePort(port) }),
    ...(path === undefined ? {} : { path }),
    ...(allowedHosts === undefined ? {} : { allowedHosts }),
    ...(allowedOrigins === undefined ? {} : { allowedOrigins }),
  };
}

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
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 1;
    return;
  }
  if ("help" in parsed) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const logger = options.logger ?? stderrLogger;
  // A handler's stray promise or timer callback must not end every client's session.
  process.on("unhandledRejection", (reason) => logger.error("unhandled promise rejection (a handler bug)", reason));
  process.on("uncaughtException", (error) => logger.error("uncaught exception (a handler bug)", error));
  if (parsed.transport === "http") return serveHttp(routes, parsed, { ...options, logger });
  // stdout is the JSON-RPC channel: a handler's console.log() would corrupt it, so
  // every console method writes to stderr while the stdio transport runs.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const server = createServer(routes, { ...options, logger });
  await runStdio(server, { logger });
  // Unref'd: a process with nothing left to do exits at once; one held open by a
  // handler's forgotten timer or socket exits after the grace period.
  setTimeout(() => process.exit(), DEFAULT_EXIT_GRACE_MS).unref();
}

/** Serves Streamable HTTP until SIGINT or SIGTERM, then closes sessions and streams. */
async function serveHttp(routes: RouteTable, args: HttpMainArgs, options: ServerOptions): Promise<void> {
  const { transport: _transport, ...where } = args;
  let listener;
  try {
    listener = await listenHttp(routes, { ...options, ...where });
  } catch (error) {
    // Bad configuration or a port in use: a message for the operator, not a stack.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`[turbomcp] MCP endpoint (Streamable HTTP): ${listener.url}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await listener.close();
  setTimeout(() => process.exit(), DEFAULT_EXIT_GRACE_MS).unref();
}
