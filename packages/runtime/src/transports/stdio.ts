/**
 * stdio transport (basic/transports): newline-delimited JSON-RPC on stdin/stdout.
 * stdout carries JSON-RPC and nothing else; diagnostics go to stderr. Requests run
 * concurrently, so a client can cancel one or answer the server's own requests
 * while a tool call waits. The framing is shared with TCP and Unix sockets
 * (line-stream.ts).
 */
import type { Readable, Writable } from "node:stream";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { Tenant } from "../handlers/context.js";
import { LOCAL } from "../protocol/caller.js";
import type { McpServer } from "../protocol/create-server.js";
import { serveLineStream } from "./line-stream.js";

export interface StdioOptions {
  readonly input?: Readable;
  readonly output?: Writable;
  readonly logger?: ServerLogger;
  /**
   * Longest line accepted, in bytes; default: no limit, as the client is the parent
   * process that started the server. A longer line is answered with -32007 and ends
   * the session, like stdin EOF.
   */
  readonly maxLineBytes?: number;
  /**
   * Graceful shutdown: once aborted, requests in flight are still answered, new ones
   * get -32008, and `runStdio` resolves when nothing is left in flight (call
   * `server.close()` too, so long-lived requests end).
   */
  readonly drain?: AbortSignal;
  /**
   * The client's tenant on a server with tenants: the client brings no credentials, so
   * the environment that started the server names it (`TURBOMCP_TENANT` under `runMain`).
   */
  readonly tenant?: Tenant;
}

/**
 * Serves one client on stdin/stdout. Resolves after stdin ends (or `drain` is
 * aborted) and every request in flight has been answered.
 *
 * @example
 * ```ts
 * import { createServer, runStdio } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * await runStdio(createServer(routes));
 * ```
 */
export async function runStdio(server: McpServer, options: StdioOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const logger = options.logger ?? stderrLogger;
  // Reported once: after the first EPIPE every write would fail the same way.
  output.once("error", (error) => logger.error("stdout closed", error));
  const stream = serveLineStream(server, {
    input,
    output,
    logger,
    // The client started this process: it is the local user, not a remote caller.
    caller: options.tenant === undefined ? LOCAL : { local: true, tenant: options.tenant },
    ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
  });
  const { drain } = options;
  if (drain?.aborted) stream.stop();
  else drain?.addEventListener("abort", () => stream.stop(), { once: true });
  // Nothing more will be read: let the process exit instead of waiting on stdin.
  const why = await stream.done;
  if (why !== "ended") input.pause();
}
