/**
 * Command line shared by every benchmark server:
 *   --port N     listen on 127.0.0.1:N (HTTP servers)
 *   --stdio      serve stdin/stdout instead (servers that have a stdio mode)
 *   --tools N    register `add` plus N-1 fillers (default 1)
 *   --mode M     a server's variant, e.g. stateful or stateless
 */
import { parseArgs } from "node:util";

export interface BenchServerArgs {
  readonly port: number;
  readonly stdio: boolean;
  readonly tools: number;
  readonly mode: string;
}

export function benchServerArgs(argv: readonly string[] = process.argv.slice(2)): BenchServerArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string", default: "0" },
      stdio: { type: "boolean", default: false },
      tools: { type: "string", default: "1" },
      mode: { type: "string", default: "" },
    },
  });
  const port = Number(values.port);
  const tools = Number(values.tools);
  if (!Number.isInteger(port) || port < 0) throw new Error(`--port must be a port number, got "${values.port}"`);
  if (!Number.isInteger(tools) || tools < 1) throw new Error(`--tools must be a positive integer, got "${values.tools}"`);
  return { port, stdio: values.stdio, tools, mode: values.mode };
}

/** The one host every benchmark server binds: load stays on loopback. */
export const BENCH_HOST = "127.0.0.1";
export const BENCH_PATH = "/mcp";
