/**
 * stdio transport (basic/transports): newline-delimited JSON-RPC on stdin/stdout.
 * stdout carries JSON-RPC and nothing else; diagnostics go to stderr. Requests run
 * concurrently, so a client can cancel one or answer the server's own requests
 * while a tool call waits.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { stderrLogger, type ServerLogger } from "../observability/logger.js";
import type { Peer } from "../protocol/connection.js";
import { encodeOrDrop } from "../protocol/encode.js";
import { parseMessage } from "../protocol/jsonrpc.js";
import type { McpServer } from "../server/create-server.js";

export interface StdioOptions {
  readonly input?: Readable;
  readonly output?: Writable;
  readonly logger?: ServerLogger;
}

/**
 * Serves one client on stdin/stdout. Resolves after stdin ends and every request in
 * flight has been answered.
 *
 * @example
 * ```ts
 * import { createServer, runStdio } from "turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * await runStdio(createServer(routes));
 * ```
 */
export async function runStdio(server: McpServer, options: StdioOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const logger = options.logger ?? stderrLogger;
  let writable = true;
  // EPIPE when the client has gone: stop writing instead of crashing.
  output.on("error", (error) => {
    if (writable) logger.error("stdout closed", error);
    writable = false;
  });
  const peer: Peer = {
    send(message) {
      if (!writable) return;
      const line = encodeOrDrop(message, logger);
      if (line !== undefined) output.write(`${line}\n`);
    },
  };
  const inFlight = new Set<Promise<void>>();
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const task = server.handle(parseMessage(line), peer).catch((error: unknown) => logger.error("message handling failed", error));
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }
  // stdin ended: the client cannot answer server→client requests any more, but the
  // replies to its own requests are still written (it may only have closed its end).
  server.disconnect(peer);
  await Promise.allSettled(inFlight);
  if (writable) await new Promise<void>((resolve) => output.write("", () => resolve()));
}
