/**
 * How `createMcpApp` answers MCP paths ahead of Express, with Express's documented API
 * only (it used to replace the app's private `app.handle`):
 *
 * - `mcpFirst(endpoint)` is the app's first middleware, so MCP is served however the
 *   app is reached: handed to `http.createServer(app)` or mounted in another Express 4 or
 *   5 app (`outer.use("/api", app)`). Express's router and request decoration then run
 *   first; unknown paths go on down the chain (to the outer app when mounted).
 * - `leanRequestListener(app, endpoint, logger)` is the `node:http` request listener of
 *   the servers the runtime creates (`app.listen()`, `listenHttp`): an MCP path goes
 *   straight to the endpoint on the raw request and response (the router and its
 *   decoration cost more than the whole MCP request; see the performance budget), every
 *   other request to the app, mounted in a small outer app whose last middleware answer
 *   what nothing took with JSON: a 404 naming the endpoint, or the error's own status.
 *
 * test/runtime/http-app/lean-path.test.ts pins both, under Express 5 and inside Express 4.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import express, { type ErrorRequestHandler, type Express, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { ServerLogger } from "../protocol/logger.js";
import { sendErrorAsJson, sendNotFound } from "./json-errors.js";
import { pathOf, type McpEndpoint } from "./mcp-endpoint.js";

/** The endpoint as middleware: its own paths are answered, everything else goes on. */
export function mcpFirst(endpoint: McpEndpoint): RequestHandler {
  return function mcpEndpoint(req: Request, res: Response, next: NextFunction): void {
    if (endpoint.serves(pathOf(req.url))) endpoint(req, res);
    else next();
  };
}

/**
 * The request listener for a server of the app's own: MCP paths on the lean path,
 * the rest through Express, ending in JSON answers.
 */
export function leanRequestListener(app: Express, endpoint: McpEndpoint, logger: ServerLogger): RequestListener {
  const outer = express();
  outer.disable("x-powered-by");
  outer.use(app);
  outer.use(function jsonNotFound(_req: Request, res: Response): void {
    sendNotFound(res, `Not found: the MCP endpoint is ${endpoint.path}`);
  } satisfies RequestHandler);
  outer.use(function jsonErrors(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
    sendErrorAsJson(res, error, logger);
  } satisfies ErrorRequestHandler);
  return function mcpRequestListener(req: IncomingMessage, res: ServerResponse): void {
    if (endpoint.serves(pathOf(req.url))) endpoint(req, res);
    else outer(req, res);
  };
}
