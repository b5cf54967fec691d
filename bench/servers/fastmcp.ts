/**
 * Peer: fastmcp (`FastMCP` + `addTool` with zod `parameters`), set up as its README
 * shows: "HTTP Streaming" — `server.start({ transportType: "httpStream", httpStream:
 * { port, host, endpoint } })` — with the README's "Stateless Mode"
 * (`httpStream.stateless: true`) for `--mode stateless`, and the Quickstart's
 * `transportType: "stdio"` for `--stdio`. Everything else is fastmcp's default
 * (console logger, pings on, health endpoint on, SSE responses).
 *
 *   node --expose-gc --import tsx bench/servers/fastmcp.ts --port P --tools N [--mode stateful|stateless]
 *   node --expose-gc --import tsx bench/servers/fastmcp.ts --stdio --tools N
 */
import { FastMCP } from "fastmcp";
import { z } from "zod";
import { BENCH_HOST, BENCH_PATH, benchServerArgs } from "./args.js";
import { installProbe } from "./probe.js";
import { addResult, benchTools, fillerResult } from "./tool-set.js";
import { addShape, fillerShape } from "./zod-shapes.js";

installProbe();
const args = benchServerArgs();
const mode = args.mode === "" ? "stateful" : args.mode;
if (!args.stdio && mode !== "stateful" && mode !== "stateless") {
  throw new Error(`--mode must be stateful or stateless, got "${args.mode}"`);
}

const server = new FastMCP({ name: "bench-fastmcp", version: "1.0.0" });

const addParameters = z.object(addShape);
const fillerParameters = z.object(fillerShape);
for (const tool of benchTools(args.tools)) {
  if (tool.name === "add") {
    server.addTool({
      name: tool.name,
      description: tool.description,
      parameters: addParameters,
      execute: async ({ a, b }) => addResult(a, b),
    });
  } else {
    server.addTool({
      name: tool.name,
      description: tool.description,
      parameters: fillerParameters,
      execute: async ({ query }) => fillerResult(query),
    });
  }
}

if (args.stdio) {
  await server.start({ transportType: "stdio" });
} else {
  await server.start({
    transportType: "httpStream",
    httpStream: { port: args.port, host: BENCH_HOST, endpoint: BENCH_PATH, stateless: mode === "stateless" },
  });
}

process.on("SIGTERM", () => {
  void server.stop().finally(() => process.exit(0));
});
