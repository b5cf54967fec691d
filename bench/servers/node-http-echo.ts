/**
 * Ceiling, not an MCP server: bare `node:http`. Every POST to /mcp is read whole,
 * `JSON.parse`d, and answered `{"jsonrpc":"2.0","id":<id>,"result":<addResult(a, b)>}`
 * (a, b from `params.arguments`) as application/json — no protocol, no sessions,
 * no validation beyond what it takes not to crash. What the fastest server on this
 * machine could possibly do with the same request.
 *
 *   node --expose-gc --import tsx bench/servers/node-http-echo.ts --port P
 */
import { createServer } from "node:http";
import { BENCH_HOST, BENCH_PATH, benchServerArgs } from "./args.js";
import { installProbe } from "./probe.js";
import { addResult } from "./tool-set.js";

installProbe();
const args = benchServerArgs();
if (args.stdio) throw new Error("node-http-echo serves HTTP only");

/** The `add` answer for a parsed JSON-RPC body, or undefined when it is not an object. */
function echoAnswer(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { id, params } = body as { id?: unknown; params?: unknown };
  const input = typeof params === "object" && params !== null ? (params as { arguments?: unknown }).arguments : undefined;
  const { a, b } = typeof input === "object" && input !== null ? (input as { a?: unknown; b?: unknown }) : {};
  return JSON.stringify({ jsonrpc: "2.0", id: id ?? null, result: addResult(Number(a), Number(b)) });
}

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== BENCH_PATH) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    let answer: string | undefined;
    try {
      answer = echoAnswer(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    } catch {
      answer = undefined;
    }
    if (answer === undefined) {
      res.writeHead(400, { "content-type": "application/json" }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) }).end(answer);
  });
});

server.listen(args.port, BENCH_HOST);
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
