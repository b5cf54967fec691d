/**
 * Peer: the official TypeScript SDK v1 (`@modelcontextprotocol/sdk` 1.x), `McpServer`
 * + `registerTool` with zod raw shapes, set up as the SDK's README and shipped
 * examples show:
 *
 * - `--mode stateful` (default): `src/examples/server/simpleStreamableHttp.ts` —
 *   `createMcpExpressApp()` (express.json + DNS-rebinding host validation on
 *   127.0.0.1), one `StreamableHTTPServerTransport` + `McpServer` per session,
 *   created on `initialize` and kept in a map keyed by `mcp-session-id`;
 *   GET/DELETE go to the session's transport. (The example's optional extras —
 *   OAuth, an event store, an idle sweep and a 1000-session cap — are left out.)
 * - `--mode stateless`: `src/examples/server/simpleStatelessStreamableHttp.ts` — a
 *   new `McpServer` + transport with `sessionIdGenerator: undefined` per POST,
 *   closed when the response closes; GET/DELETE answer 405.
 * - `--stdio`: `StdioServerTransport`.
 *
 *   node --expose-gc --import tsx bench/servers/sdk-v1.ts --port P --tools N [--mode stateful|stateless]
 *   node --expose-gc --import tsx bench/servers/sdk-v1.ts --stdio --tools N
 */
import { randomUUID } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Request, Response } from "express";
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

function getServer(): McpServer {
  const server = new McpServer({ name: "bench-sdk-v1", version: "1.0.0" });
  for (const tool of benchTools(args.tools)) {
    if (tool.name === "add") {
      server.registerTool(tool.name, { description: tool.description, inputSchema: addShape }, async ({ a, b }) => addResult(a, b));
    } else {
      server.registerTool(tool.name, { description: tool.description, inputSchema: fillerShape }, async ({ query }) => fillerResult(query));
    }
  }
  return server;
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: "2.0", error: { code, message }, id: null });
}

function sessionHeader(req: Request): string | undefined {
  const value = req.headers["mcp-session-id"];
  return typeof value === "string" ? value : undefined;
}

if (args.stdio) {
  const server = getServer();
  await server.connect(new StdioServerTransport());
  process.on("SIGTERM", () => {
    void server.close().finally(() => process.exit(0));
  });
} else {
  // The HTTP modules load only here: a stdio server written from the SDK's README does
  // not load Express, and the cold-start workload times this server's stdio mode.
  const { createMcpExpressApp } = await import("@modelcontextprotocol/sdk/server/express.js");
  const { StreamableHTTPServerTransport: HttpTransport } = await import("@modelcontextprotocol/sdk/server/streamableHttp.js");
  const app = createMcpExpressApp();
  const transports = new Map<string, StreamableHTTPServerTransport>();

  if (mode === "stateful") {
    app.post(BENCH_PATH, async (req: Request, res: Response) => {
      const sessionId = sessionHeader(req);
      try {
        const existing = sessionId === undefined ? undefined : transports.get(sessionId);
        if (existing !== undefined) {
          await existing.handleRequest(req, res, req.body);
        } else if (sessionId === undefined && isInitializeRequest(req.body)) {
          const transport: StreamableHTTPServerTransport = new HttpTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (id) => {
              transports.set(id, transport);
            },
          });
          transport.onclose = () => {
            if (transport.sessionId !== undefined) transports.delete(transport.sessionId);
          };
          await getServer().connect(transport);
          await transport.handleRequest(req, res, req.body);
        } else if (sessionId !== undefined) {
          jsonRpcError(res, 404, -32001, "Session not found");
        } else {
          jsonRpcError(res, 400, -32000, "Bad Request: No valid session ID provided");
        }
      } catch (error) {
        console.error("Error handling MCP request:", error);
        if (!res.headersSent) jsonRpcError(res, 500, -32603, "Internal server error");
      }
    });
    const sessionRequest = async (req: Request, res: Response): Promise<void> => {
      const sessionId = sessionHeader(req);
      if (sessionId === undefined) {
        res.status(400).send("Missing session ID");
        return;
      }
      const transport = transports.get(sessionId);
      if (transport === undefined) {
        jsonRpcError(res, 404, -32001, "Session not found");
        return;
      }
      await transport.handleRequest(req, res);
    };
    app.get(BENCH_PATH, sessionRequest);
    app.delete(BENCH_PATH, sessionRequest);
  } else {
    app.post(BENCH_PATH, async (req: Request, res: Response) => {
      const server = getServer();
      try {
        // The example's `{ sessionIdGenerator: undefined }`: the option is declared
        // `sessionIdGenerator?: () => string`, so under exactOptionalPropertyTypes it is
        // left out instead, which the transport reads the same way (no sessions).
        const transport = new HttpTransport({});
        await server.connect(transport);
        await transport.handleRequest(req, res, req.body);
        res.on("close", () => {
          void transport.close();
          void server.close();
        });
      } catch (error) {
        console.error("Error handling MCP request:", error);
        if (!res.headersSent) jsonRpcError(res, 500, -32603, "Internal server error");
      }
    });
    const notAllowed = (_req: Request, res: Response): void => {
      res.writeHead(405).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null }));
    };
    app.get(BENCH_PATH, notAllowed);
    app.delete(BENCH_PATH, notAllowed);
  }

  const httpServer: HttpServer = app.listen(args.port, BENCH_HOST, (error?: Error) => {
    if (error !== undefined) {
      console.error("Failed to start server:", error);
      process.exit(1);
    }
  });
  process.on("SIGTERM", () => {
    void (async () => {
      for (const transport of transports.values()) await transport.close().catch(() => undefined);
      httpServer.close();
      httpServer.closeAllConnections();
      process.exit(0);
    })();
  });
}
