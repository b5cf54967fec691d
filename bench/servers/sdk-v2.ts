/**
 * Peer: the official TypeScript SDK v2 (`@modelcontextprotocol/server` 2.x with
 * `@modelcontextprotocol/node`), `McpServer` + `registerTool` with `z.object(...)`
 * schemas, built by one factory, set up as the v2 docs show:
 *
 * - `--mode stateless` (default): "Serve over HTTP" — `createMcpHandler(factory)`
 *   (a fresh instance per request; the 2026-07-28 per-request protocol, plus its
 *   default `legacy: 'stateless'` fallback answering 2025-era requests statelessly)
 *   adapted with `toNodeHandler`, on plain `node:http` behind the
 *   `localhostHostValidation()` / `localhostOriginValidation()` guards, as the
 *   `@modelcontextprotocol/node` README shows for hand-wired `node:http` (the
 *   Express recipe needs `@modelcontextprotocol/express`, which is not installed).
 * - `--mode stateful`: "Sessions, state, and scaling" — the 2025-era sessionful
 *   `NodeStreamableHTTPServerTransport` with `sessionIdGenerator: () => randomUUID()`,
 *   one transport per session kept in a map from `onsessioninitialized`, one route
 *   for POST/GET/DELETE. The page mounts it on `createMcpExpressApp()`; that
 *   package is not installed, so the app is what the docs say it is: `express()`
 *   with `express.json()` and the same localhost Host/Origin guards. (The page's
 *   idle sweep and session cap are left out.) This mode serves 2025-era clients only.
 * - `--stdio`: "Serve over stdio" — `serveStdio(factory)`.
 *
 *   node --expose-gc --import tsx bench/servers/sdk-v2.ts --port P --tools N [--mode stateless|stateful]
 *   node --expose-gc --import tsx bench/servers/sdk-v2.ts --stdio --tools N
 */
import { randomUUID } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import type { NodeIncomingMessageLike, NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import { createMcpHandler, isInitializeRequest, McpServer } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { BENCH_HOST, BENCH_PATH, benchServerArgs } from "./args.js";
import { installProbe } from "./probe.js";
import { addResult, benchTools, fillerResult } from "./tool-set.js";
import { addShape, fillerShape } from "./zod-shapes.js";

installProbe();
const args = benchServerArgs();
const mode = args.mode === "" ? "stateless" : args.mode;
if (!args.stdio && mode !== "stateful" && mode !== "stateless") {
  throw new Error(`--mode must be stateless or stateful, got "${args.mode}"`);
}

const addInput = z.object(addShape);
const fillerInput = z.object(fillerShape);

function buildServer(): McpServer {
  const server = new McpServer({ name: "bench-sdk-v2", version: "1.0.0" });
  for (const tool of benchTools(args.tools)) {
    if (tool.name === "add") {
      server.registerTool(tool.name, { description: tool.description, inputSchema: addInput }, async ({ a, b }) => addResult(a, b));
    } else {
      server.registerTool(tool.name, { description: tool.description, inputSchema: fillerInput }, async ({ query }) => fillerResult(query));
    }
  }
  return server;
}

if (args.stdio) {
  const handle = serveStdio(buildServer);
  process.on("SIGTERM", () => {
    void handle.close().finally(() => process.exit(0));
  });
} else {
  // The HTTP modules load only here: a stdio server written from the SDK's docs does not
  // load them, and the cold-start workload times this server's stdio mode.
  const { createServer } = await import("node:http");
  const { default: express } = await import("express");
  const {
    localhostHostValidation,
    localhostOriginValidation,
    NodeStreamableHTTPServerTransport: HttpTransport,
    toNodeHandler,
  } = await import("@modelcontextprotocol/node");
  const validateHost = localhostHostValidation();
  const validateOrigin = localhostOriginValidation();
  let httpServer: HttpServer;
  let shutdown: () => Promise<void>;

  if (mode === "stateless") {
    const handler = createMcpHandler(buildServer);
    const node = toNodeHandler(handler);
    httpServer = createServer((req, res) => {
      if (!validateHost(req, res) || !validateOrigin(req, res)) return;
      if (new URL(req.url ?? "/", "http://localhost").pathname !== BENCH_PATH) {
        res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
        return;
      }
      // `NodeIncomingMessageLike` declares `method?: string`, which an IncomingMessage's
      // `method?: string | undefined` does not satisfy under exactOptionalPropertyTypes.
      void node(req as NodeIncomingMessageLike, res);
    });
    httpServer.listen(args.port, BENCH_HOST);
    shutdown = () => handler.close();
  } else {
    const sessions = new Map<string, NodeStreamableHTTPServerTransport>();
    const app = express();
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (validateHost(req, res) && validateOrigin(req, res)) next();
    });
    app.use(express.json());

    const jsonRpcError = (res: Response, status: number, code: number, message: string): void => {
      res.status(status).json({ jsonrpc: "2.0", error: { code, message }, id: null });
    };
    const route = async (req: Request, res: Response): Promise<void> => {
      const header = req.headers["mcp-session-id"];
      const sessionId = typeof header === "string" ? header : undefined;
      const existing = sessionId === undefined ? undefined : sessions.get(sessionId);
      if (existing !== undefined) {
        await existing.handleRequest(req, res, req.body);
        return;
      }
      if (sessionId === undefined && isInitializeRequest(req.body)) {
        const transport: NodeStreamableHTTPServerTransport = new HttpTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            sessions.set(id, transport);
          },
        });
        transport.onclose = () => {
          if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
        };
        await buildServer().connect(transport);
        await transport.handleRequest(req, res, req.body);
        return;
      }
      if (sessionId !== undefined) {
        // Unknown session id: the client should start a new session.
        jsonRpcError(res, 404, -32001, "Session not found");
        return;
      }
      // No session header on a non-initialize request: the request is malformed.
      jsonRpcError(res, 400, -32000, "Bad Request: Session ID required");
    };
    app.post(BENCH_PATH, route);
    app.get(BENCH_PATH, route);
    app.delete(BENCH_PATH, route);

    httpServer = app.listen(args.port, BENCH_HOST);
    shutdown = async () => {
      for (const transport of sessions.values()) await transport.close().catch(() => undefined);
    };
  }

  process.on("SIGTERM", () => {
    void shutdown()
      .catch(() => undefined)
      .finally(() => {
        httpServer.close();
        httpServer.closeAllConnections();
        process.exit(0);
      });
  });
}
