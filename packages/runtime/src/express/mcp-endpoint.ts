/**
 * The MCP endpoint with its security policy, as one `(req, res)` function on raw
 * `node:http` types: the lean path of the performance budget. In order: security
 * headers (computed once), Origin/Host check, CORS (preflights answered here),
 * authentication, the tenant, the HTTP request checks (rate limits), then the Streamable HTTP
 * or legacy HTTP+SSE handler, which reads the body within its limits. No Express on
 * this path: it sits in express/ because its security headers are helmet's, computed
 * once at creation (security-headers.ts); `createMcpApp` puts it in front of the
 * Express app, and it mounts as well in a bare `node:http` server.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_HTTP_PATH } from "../config/defaults.js";
import type { Authenticator } from "../auth/authenticator.js";
import type { LocalIssuer } from "../auth/options.js";
import { stderrLogger } from "../protocol/logger.js";
import { ANONYMOUS } from "../protocol/caller.js";
import type { RequestObserver } from "../protocol/observer.js";
import type { McpServer } from "../protocol/create-server.js";
import { createStreamableHttpHandler, type StreamableHttpHandler } from "../transports/http/handler.js";
import { createLegacySseHandler, type LegacySseHandler } from "../transports/http/legacy-sse/handler.js";
import type { LegacySseOptions } from "../transports/http/legacy-sse/options.js";
import type { StreamableHttpOptions } from "../transports/http/options.js";
import { originPolicy, originProblem } from "../network/origin.js";
import { sendError } from "../transports/http/reply.js";
import { handleCors, resolveCors, type CorsOptions } from "../transports/http/cors.js";
import { createAdmission, manifestGuards } from "../auth/admission.js";
import type { TenantResolver } from "../tenancy/resolver.js";
import { sendRefusal, type HttpRequestCheck } from "../transports/http/refusal.js";
import { requestCaller } from "../transports/http/request-caller.js";
import {
  applySecurityHeaders,
  computeSecurityHeaders,
  securityHelmetOptions,
  type SecurityHeaderMap,
  type SecurityHeadersOptions,
} from "./security-headers.js";

/** Settings of the legacy endpoints that are not shared with the MCP endpoint. */
export type LegacySseEndpointOptions = Pick<LegacySseOptions, "ssePath" | "messagesPath" | "maxSessions" | "keepAliveMs">;

export interface McpEndpointOptions extends StreamableHttpOptions {
  /** The endpoint path; default `/mcp`. */
  readonly path?: string;
  /**
   * The legacy HTTP+SSE endpoints (protocol 2024-11-05 clients), on by default:
   * `false` turns them off; an object moves them or sets their limits. Origin, Host,
   * body-size and all security settings are the ones of the MCP endpoint, and so are
   * `sessionStore` and `cluster`: with them, any instance takes a legacy client's POSTs.
   */
  readonly legacySse?: boolean | LegacySseEndpointOptions;
  /** Security headers (CSP for a JSON API, no-sniff, …); `false` leaves them to a proxy. */
  readonly securityHeaders?: false | SecurityHeadersOptions;
  /**
   * CORS for browser clients. Default: on for the origins in `allowedOrigins` when
   * that is set, off otherwise; `false` turns it off.
   */
  readonly cors?: boolean | CorsOptions;
  /**
   * Every MCP request is authenticated before its body is read; a refusal is 400/401/403
   * with `WWW-Authenticate`. Default: built from the manifest's `auth` (keys from
   * `process.env`), so a manifest that asks for authentication always gets it.
   */
  readonly authenticator?: Authenticator;
  /**
   * The built-in authorization server's verification side, for the default
   * authenticator (createMcpApp passes it when the manifest has `auth.authorizationServer`).
   */
  readonly localIssuer?: LocalIssuer;
  /**
   * The tenant of every request, from the manifest's `tenants` (`createTenantResolver`),
   * resolved after authentication: a request without a tenant the server requires,
   * or naming one its credentials do not belong to, is refused before its body is read.
   * Default: built from the manifest's `tenants` with its own policies.
   */
  readonly tenancy?: TenantResolver;
  /** Checked once the caller is known, before the body is read: the rate limits (`createHttpLimits`). */
  readonly httpLimits?: HttpRequestCheck & { readonly enabled?: boolean };
  /** Told about requests refused before they were read (`onRefusal`): the audit log. Shared with the server's observers. */
  readonly observers?: readonly RequestObserver[];
}

export interface McpEndpoint {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Whether a request path (no query) is one this endpoint serves. */
  serves(path: string): boolean;
  readonly path: string;
  /** The legacy SSE path; absent when `legacySse` is `false`. */
  readonly legacySsePath?: string;
  /** The precomputed security headers; empty when switched off. */
  readonly securityHeaders: SecurityHeaderMap;
  /** Sessions currently held by the Streamable HTTP endpoint. */
  readonly sessionCount: number;
  /** The Streamable HTTP handler behind it (its `sessions` for analytics). */
  readonly streamable: StreamableHttpHandler;
  /** The legacy HTTP+SSE handler; absent when `legacySse` is `false`. */
  readonly legacy?: LegacySseHandler;
  /** Ends sessions and streams of both transports; later requests get 503. */
  close(): void;
}

/** What the endpoint hands a request to: the Streamable HTTP or the legacy SSE handler. */
type Handler = Pick<StreamableHttpHandler, "serve">;

const STREAMABLE_METHODS = "GET, POST, DELETE";

/** `/mcp?x=1` → `/mcp`. */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

function checkPath(path: string): string {
  if (!path.startsWith("/") || path.includes("?")) throw new TypeError(`path must start with "/" and carry no query, got "${path}"`);
  return path;
}

function legacyHandler(server: McpServer, path: string, options: McpEndpointOptions): LegacySseHandler | undefined {
  if (options.legacySse === false) return undefined;
  const own = typeof options.legacySse === "object" ? options.legacySse : {};
  const handler = createLegacySseHandler(server, {
    ...own,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
    ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    // One store and bus for both transports: behind a balancer, a legacy POST may reach any instance.
    ...(options.sessionStore === undefined ? {} : { sessionStore: options.sessionStore }),
    ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
  });
  if (handler.ssePath === path || handler.messagesPath === path) {
    throw new TypeError(`the legacy SSE paths (${handler.ssePath}, ${handler.messagesPath}) must differ from the MCP endpoint path ${path}`);
  }
  return handler;
}

/**
 * Creates the secured MCP endpoint for a server. Every option is checked here, so
 * bad configuration fails at start-up.
 *
 * @example
 * ```ts
 * import { createServer as createHttpServer } from "node:http";
 * import { createMcpEndpoint } from "@turbomcp/runtime/http";
 * import { createServer } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const mcp = createMcpEndpoint(createServer(routes), { allowedOrigins: ["https://app.example.com"] });
 * createHttpServer((req, res) => (mcp.serves((req.url ?? "/").split("?")[0] ?? "/") ? mcp(req, res) : res.writeHead(404).end())).listen(3000, "127.0.0.1");
 * ```
 */
export function createMcpEndpoint(server: McpServer, options: McpEndpointOptions = {}): McpEndpoint {
  const path = checkPath(options.path ?? DEFAULT_HTTP_PATH);
  const logger = options.logger ?? stderrLogger;
  const headers = options.securityHeaders === false ? Object.freeze({}) : computeSecurityHeaders(securityHelmetOptions(options.securityHeaders));
  const hasHeaders = Object.keys(headers).length > 0;
  const cors = resolveCors(options.cors, options.allowedOrigins);
  const origins = originPolicy(options.allowedOrigins, options.allowedHosts);
  const { authenticator, tenancy } = manifestGuards(server.routes, options, logger);
  const admission = createAdmission({ authenticator, tenancy, limits: options.httpLimits, observers: options.observers ?? [], logger });
  // Legacy first: its path check may throw, and the Streamable HTTP handler starts a sweep timer.
  const legacy = legacyHandler(server, path, options);
  const streamable = createStreamableHttpHandler(server, options);
  const gated = cors !== undefined || admission.checks;

  const targetOf = (requested: string): Handler | undefined => {
    if (requested === path) return streamable;
    if (legacy && (requested === legacy.ssePath || requested === legacy.messagesPath)) return legacy;
    return undefined;
  };

  const admit = async (req: IncomingMessage, res: ServerResponse, target: Handler): Promise<void> => {
    const admitted = await admission(req, res);
    if (!admitted.ok) return sendRefusal(res, admitted.refusal);
    // Nobody established: a caller set in front of the endpoint (setRequestCaller) still counts.
    target.serve(req, res, admitted.caller === ANONYMOUS ? requestCaller(req) : admitted.caller);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = targetOf(pathOf(req.url));
    if (hasHeaders) applySecurityHeaders(res, headers);
    if (target === undefined) return sendError(res, "method_not_found", `Not found: the MCP endpoint is ${path}`);
    // Without gates the handler checks Origin/Host itself; with them, refused requests
    // get no CORS header and never reach the authenticator.
    if (!gated || originProblem(req, origins) !== undefined) return target.serve(req, res, requestCaller(req));
    if (cors !== undefined && handleCors(req, res, cors, target === streamable ? STREAMABLE_METHODS : "GET, POST")) return;
    if (!admission.checks) return target.serve(req, res, requestCaller(req));
    admit(req, res, target).catch((error: unknown) => {
      logger.error("MCP request admission failed (authenticator, tenant or HTTP limits)", error);
      sendError(res, "internal_error", "Internal error");
    });
  };

  return Object.defineProperties(handle, {
    serves: { value: (requested: string) => targetOf(requested) !== undefined },
    path: { value: path },
    ...(legacy ? { legacySsePath: { value: legacy.ssePath }, legacy: { value: legacy } } : {}),
    streamable: { value: streamable },
    securityHeaders: { value: headers },
    sessionCount: { get: () => streamable.sessionCount },
    close: {
      value: () => {
        streamable.close();
        legacy?.close();
      },
    },
  }) as McpEndpoint;
}
