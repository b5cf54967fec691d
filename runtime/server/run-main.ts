/**
 * The entry point of a generated server (`src/generated/server.gen.ts`):
 * `await runMain(routes);` parses the command line and starts the transport.
 */
import { Console } from "node:console";
import { parseArgs } from "node:util";
import { DEFAULT_EXIT_GRACE_MS, DEFAULT_TRANSPORT, SUPPORTED_TRANSPORTS } from "../config/defaults.js";
import { stderrLogger } from "../observability/logger.js";
import type { RouteTable } from "../routing/types.js";
import { runStdio } from "../transports/stdio.js";
import { createServer, type ServerOptions } from "./create-server.js";

const USAGE = `usage: <server> [--transport ${SUPPORTED_TRANSPORTS.join("|")}]`;

type Transport = (typeof SUPPORTED_TRANSPORTS)[number];

function isTransport(name: string): name is Transport {
  return (SUPPORTED_TRANSPORTS as readonly string[]).includes(name);
}

/** Reads the transport from argv; throws a message meant for the user on bad input. */
export function parseMainArgs(argv: readonly string[]): { readonly transport: Transport } | { readonly help: true } {
  const { values } = parseArgs({
    args: [...argv],
    options: { transport: { type: "string", short: "t" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) return { help: true };
  const transport = values.transport ?? DEFAULT_TRANSPORT;
  if (!isTransport(transport)) {
    throw new Error(`unsupported transport "${transport}"; supported transports: ${SUPPORTED_TRANSPORTS.join(", ")}`);
  }
  return { transport };
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
  // stdout is the JSON-RPC channel: a handler's console.log() would corrupt it, so
  // every console method writes to stderr while the stdio transport runs.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const server = createServer(routes, { ...options, logger });
  await runStdio(server, { logger });
  // Unref'd: a process with nothing left to do exits at once; one held open by a
  // handler's forgotten timer or socket exits after the grace period.
  setTimeout(() => process.exit(), DEFAULT_EXIT_GRACE_MS).unref();
}
