/**
 * Ceiling, not an MCP server: Express 5 with `express.json()` on `app.post("/mcp")`,
 * answering every POST `{"jsonrpc":"2.0","id":<id>,"result":<addResult(a, b)>}`
 * (a, b from `params.arguments`) with `res.json` — no protocol, no sessions. The
 * cost of the web framework most Node MCP servers sit on, with nothing on top.
 *
 *   node --expose-gc --import tsx bench/servers/express-echo.ts --port P
 */
import express, { type Request, type Response } from "express";
import { BENCH_HOST, BENCH_PATH, benchServerArgs } from "./args.js";
import { installProbe } from "./probe.js";
import { addResult } from "./tool-set.js";

installProbe();
const args = benchServerArgs();
if (args.stdio) throw new Error("express-echo serves HTTP only");

const app = express();
app.use(express.json());
app.post(BENCH_PATH, (req: Request, res: Response) => {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null) {
    res.status(400).json({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    return;
  }
  const { id, params } = body as { id?: unknown; params?: unknown };
  const input = typeof params === "object" && params !== null ? (params as { arguments?: unknown }).arguments : undefined;
  const { a, b } = typeof input === "object" && input !== null ? (input as { a?: unknown; b?: unknown }) : {};
  res.json({ jsonrpc: "2.0", id: id ?? null, result: addResult(Number(a), Number(b)) });
});

const server = app.listen(args.port, BENCH_HOST);
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
