/**
 * The Express 5 app around the MCP endpoint. Served by `app.listen()` (or `listenHttp`),
 * MCP paths are answered on the lean path before Express's router sees them (the router
 * and its request decoration cost more than the whole MCP request; see the performance
 * budget); reached any other way (mounted, or handed to a server of your own), by the
 * app's first middleware (lean-path.ts). Everything else (health, metrics, your own
 * `app.use(...)` routes) is ordinary Express, with the same security headers and JSON
 * answers for 404s and errors.
 */
import { createServer as createHttpServer, type Server, type ServerOptions as ServerOptionsOfHttp } from "node:http";
import cors from "cors";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import {
  DEFAULT_HEALTH_LIVE_PATH,
  DEFAULT_HEALTH_PATH,
  DEFAULT_HEALTH_READY_PATH,
  DEFAULT_HTTP_REQUEST_TIMEOUT_MS,
  DEFAULT_METRICS_PATH,
} from "../config/defaults.js";
import type { HealthHandlers } from "../observability/health-handlers.js";
import type { HttpHandler } from "../observability/http-reply.js";
import { stderrLogger } from "../protocol/logger.js";
import type { RouteTable } from "../routing/types.js";
import { createServer, type McpServer, type ServerOptions } from "../protocol/create-server.js";
import { originPolicy, originProblem, type OriginPolicy } from "../network/origin.js";
import { sendError } from "../transports/http/reply.js";
import { answerClientError } from "../transports/http/client-error.js";
import { oauth2SchemeOf, protectedResourceMetadata, resourceMetadataHandler, resourceMetadataPaths } from "../auth/resource-metadata.js";
import { createAuthorizationServer, type AuthorizationServer } from "../oauth-server/authorization-server.js";
import { authorizationServerRouter, type UpstreamLogin } from "./authorization-server-router.js";
import { createUpstreamLogin } from "./upstream-login.js";
import { corsMiddlewareOptions } from "./cors-express.js";
import { leanRequestListener, mcpFirst } from "./lean-path.js";
import { createMcpEndpoint, type McpEndpoint, type McpEndpointOptions } from "./mcp-endpoint.js";
import { applySecurityHeaders } from "./security-headers.js";

export interface McpAppOptions extends ServerOptions, McpEndpointOptions {
  /**
   * Health endpoints, mounted without authentication at `/health`, `/health/live` and
   * `/health/ready`, behind the MCP endpoint's Host and Origin checks.
   */
  readonly health?: HealthHandlers;
  /** The Prometheus endpoint, mounted at `/metrics` behind the Host and Origin checks (it protects itself when configured to). */
  readonly metrics?: HttpHandler;
  /**
   * Largest request head (request line and headers) that `app.listen()` accepts, in
   * bytes; Node's default is 16 KiB. A larger head is answered 431 with a JSON body.
   */
  readonly maxHeaderBytes?: number;
  /**
   * The built-in OAuth authorization server (`auth.authorizationServer`). Default: built
   * from the manifest with an in-memory store when the manifest has one; pass your own
   * to share a Redis store (`runMain` does when `redisUrl` is set).
   */
  readonly authorizationServer?: AuthorizationServer;
  /**
   * The upstream identity provider's login, when the manifest's login is not the local
   * test login; default `createUpstreamLogin` with the client credentials from `process.env`.
   */
  readonly upstreamLogin?: UpstreamLogin;
}

export interface McpApp extends Express {
  /** The secured MCP endpoint the app serves first; `app.mcp.close()` ends its sessions. */
  readonly mcp: McpEndpoint;
  /** The protocol server behind it (e.g. for `notifyResourceUpdated`). */
  readonly mcpServer: McpServer;
}

/**
 * DNS rebinding reaches every path of this host, not only `/mcp`: a hostile page
 * could read `/health` details or `/metrics` through a name that resolves to
 * 127.0.0.1. So the operational endpoints get the MCP endpoint's Host/Origin check,
 * and a refusal is the same 403 with the same JSON-RPC body.
 */
function withOriginCheck(policy: OriginPolicy, handler: HttpHandler): HttpHandler {
  return function originChecked(req, res) {
    const forbidden = originProblem(req, policy);
    if (forbidden !== undefined) return sendError(res, "forbidden", forbidden);
    handler(req, res);
  };
}

function isServer(value: RouteTable | McpServer): value is McpServer {
  return typeof (value as Partial<McpServer>).handle === "function";
}

/**
 * `node:http` server options for serving the app: a deadline for the whole request
 * (slow-loris clients) and the request-head limit. Checked here, at start-up.
 */
export function httpServerOptions(options: Pick<McpAppOptions, "maxHeaderBytes">): ServerOptionsOfHttp {
  const maxHeaderSize = options.maxHeaderBytes;
  if (maxHeaderSize !== undefined && (!Number.isSafeInteger(maxHeaderSize) || maxHeaderSize < 1024))
    throw new TypeError(`maxHeaderBytes must be an integer of at least 1024, got ${String(maxHeaderSize)}`);
  const base = { requestTimeout: DEFAULT_HTTP_REQUEST_TIMEOUT_MS, headersTimeout: DEFAULT_HTTP_REQUEST_TIMEOUT_MS };
  return maxHeaderSize === undefined ? base : { ...base, maxHeaderSize };
}

/** The authorization server the app serves: the one given, or one built from the manifest. */
function authorizationServerOf(routes: RouteTable, options: McpAppOptions): AuthorizationServer | undefined {
  if (options.authorizationServer !== undefined) return options.authorizationServer;
  return routes.auth?.authorizationServer === undefined ? undefined : createAuthorizationServer(routes);
}

/**
 * Creates the app. Pass a routing table (a server is created with the options) or
 * a server you created. Add your own routes with `app.use(...)`; MCP paths are
 * served before them, unknown paths get a JSON 404 after them.
 *
 * @example
 * ```ts
 * import { createMcpApp } from "@turbomcp/runtime/express";
 * import { routes } from "./generated/routes.gen.js";
 * const app = createMcpApp(routes, { allowedOrigins: ["https://app.example.com"] });
 * app.get("/hello", (_req, res) => void res.json({ hello: "world" }));
 * app.listen(3000, "127.0.0.1");
 * ```
 */
export function createMcpApp(routesOrServer: RouteTable | McpServer, options: McpAppOptions = {}): McpApp {
  const logger = options.logger ?? stderrLogger;
  httpServerOptions(options);
  const server = isServer(routesOrServer) ? routesOrServer : createServer(routesOrServer, options);
  const authorization = authorizationServerOf(server.routes, options);
  const endpoint = createMcpEndpoint(server, authorization === undefined ? options : { ...options, localIssuer: authorization.localIssuer });
  const app = express();
  app.disable("x-powered-by");
  // First, so MCP paths are the endpoint's however the app is reached (lean-path.ts).
  app.use(mcpFirst(endpoint));
  const headers = endpoint.securityHeaders;
  app.use(function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
    applySecurityHeaders(res, headers);
    next();
  });
  // Browser clients discover authorization servers here (OAuth protected resource metadata).
  const corsOptions = corsMiddlewareOptions(options.cors, options.allowedOrigins);
  if (corsOptions !== undefined) app.use("/.well-known", cors(corsOptions));
  const origins = originPolicy(options.allowedOrigins, options.allowedHosts);
  if (options.health) {
    app.all(DEFAULT_HEALTH_LIVE_PATH, withOriginCheck(origins, options.health.live));
    app.all(DEFAULT_HEALTH_READY_PATH, withOriginCheck(origins, options.health.ready));
    app.all(DEFAULT_HEALTH_PATH, withOriginCheck(origins, options.health.details));
  }
  if (options.metrics) app.all(DEFAULT_METRICS_PATH, withOriginCheck(origins, options.metrics));
  // Public by design (RFC 9728): clients of any origin read it to find the authorization server.
  const oauth2 = oauth2SchemeOf(server.routes.auth);
  if (oauth2 !== undefined) {
    const handler = resourceMetadataHandler(protectedResourceMetadata(oauth2));
    for (const path of resourceMetadataPaths(oauth2.resource)) app.all(path, handler);
  }
  if (authorization !== undefined) {
    const upstream = options.upstreamLogin ?? (authorization.policy.login.provider === "test" ? undefined : createUpstreamLogin(authorization, { logger }));
    app.use(
      authorizationServerRouter(authorization, {
        serverName: server.routes.server.title ?? server.routes.server.name,
        logger,
        ...(options.httpLimits !== undefined && { limits: options.httpLimits }),
        ...(upstream !== undefined && { upstream }),
      }),
    );
  }

  const listen = (...args: unknown[]): Server => {
    const http = createHttpServer(httpServerOptions(options), leanRequestListener(app, endpoint, logger));
    http.on("clientError", answerClientError);
    const done = args.at(-1);
    if (typeof done === "function") http.once("error", done as (error: Error) => void);
    return http.listen(...(args as Parameters<Server["listen"]>));
  };
  return Object.defineProperties(app, {
    listen: { value: listen, writable: true, configurable: true },
    mcp: { value: endpoint },
    mcpServer: { value: server },
  }) as McpApp;
}
