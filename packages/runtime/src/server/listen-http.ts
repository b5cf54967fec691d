/**
 * A ready-to-run `node:http` server with the MCP endpoint on one path and, beside
 * it, the legacy HTTP+SSE endpoints that clients from before Streamable HTTP use.
 * It serves `createMcpApp`: MCP requests take the app's lean path (measured as fast
 * as a bare handler), and health, metrics and JSON 404s come with it. Assembly, not a
 * transport: it sits above the Express glue it serves (the raw transports are in
 * transports/http/).
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_HTTP_CLOSE_GRACE_MS, DEFAULT_HTTP_DRAIN_IDLE_MS, DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from "../config/defaults.js";
import { createMcpApp, httpServerOptions, type McpAppOptions } from "../express/app.js";
import { leanRequestListener } from "../express/lean-path.js";
import { stderrLogger } from "../protocol/logger.js";
import { answerClientError } from "../transports/http/client-error.js";
import type { LegacySseEndpointOptions } from "../express/mcp-endpoint.js";
import { trackServer } from "../lifecycle/tracked-server.js";
import type { RouteTable } from "../routing/types.js";
import { createServer, type ServerOptions } from "../protocol/create-server.js";
import { drainTimeoutOf, type CloseOptions } from "../transports/listener.js";
import { HttpDrain } from "../transports/http/drain.js";
import { checkListenAddress, urlHost, type ListenAddressOptions } from "../network/options.js";
import { isLoopback } from "../network/loopback.js";

/**
 * Everything `createMcpApp` takes (path, legacy SSE, security headers, CORS,
 * authenticator, HTTP limits, health, metrics, header size) plus where to listen.
 */
export interface ListenHttpOptions extends McpAppOptions, ListenAddressOptions {}

/** Settings of the legacy endpoints that `listenHttp` does not share with the MCP endpoint. */
export type LegacySseListenOptions = LegacySseEndpointOptions;

export interface HttpListener {
  /** The endpoint URL, with the port actually bound. */
  readonly url: string;
  /** The legacy SSE endpoint's URL; absent when `legacySse` is `false`. */
  readonly legacySseUrl?: string;
  /**
   * Stops accepting new connections and drains, for a rolling restart that loses
   * nothing: requests in flight are answered, and requests arriving on connections
   * already open are still served, with `Connection: close`. A connection closes
   * after such an answer or once it has been idle for a second; sessions and GET
   * streams end when nothing else is left. At `drainTimeoutMs`, requests still
   * running get 503 `server_shutting_down` and connections are cut. Resolves once
   * the server is closed. Without `drainTimeoutMs` (1 s for what runs) idle
   * connections are closed at once, as Node's `server.close()` does: pass it for
   * a graceful shutdown, as `runMain` and the lifecycle do.
   */
  close(options?: CloseOptions): Promise<void>;
  /** Sessions held (both transports) and open TCP connections, for the metrics gauges. */
  gauges(): Promise<{ readonly sessions: number; readonly connections: number }>;
}

/**
 * Every `ServerOptions` key. `satisfies` makes a new server option a compile error
 * here until it is listed, so none is silently dropped on its way to `createServer`.
 */
const SERVER_OPTION_KEYS = {
  requestTimeoutMs: true,
  logger: true,
  cacheHints: true,
  requestStateSecret: true,
  requestStateTtlMs: true,
  tasks: true,
  limiter: true,
  observers: true,
  tenantGate: true,
  principalConcurrency: true,
  dependencies: true,
  middleware: true,
  redis: true,
  listChanged: true,
  liveRoutes: true,
  tracer: true,
} as const satisfies Record<keyof ServerOptions, true>;

/** The `ServerOptions` part of the listen options, every one of them (cache hints, requestState key, …). */
function serverOptionsOf(options: ListenHttpOptions): ServerOptions {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(SERVER_OPTION_KEYS) as (keyof ServerOptions)[]) if (options[key] !== undefined) picked[key] = options[key];
  return picked;
}

/**
 * Starts a server for a routing table.
 *
 * @example
 * ```ts
 * import { listenHttp } from "@turbomcp/runtime/http";
 * import { routes } from "./generated/routes.gen.js";
 * const listener = await listenHttp(routes, { port: 3000 });
 * console.error(`MCP endpoint: ${listener.url}`);
 * ```
 */
export async function listenHttp(routes: RouteTable, options: ListenHttpOptions = {}): Promise<HttpListener> {
  const host = options.host ?? DEFAULT_HTTP_HOST;
  const port = options.port ?? DEFAULT_HTTP_PORT;
  checkListenAddress(host, port, options.allowedHosts);
  if (routes.auth?.authorizationServer?.login.provider === "test" && !isLoopback(host)) {
    throw new TypeError(
      `auth.authorizationServer: the local test login lets anyone sign in as anyone; it is refused on ${host}. Listen on loopback, or configure an identity provider`,
    );
  }
  // One server for both transports: a tool's notifyResourceUpdated() reaches subscribers on either.
  // Tracked, so close() knows when the messages it handles are done.
  const tracked = trackServer(createServer(routes, serverOptionsOf(options)));
  const app = createMcpApp(tracked.server, options);
  const serve = leanRequestListener(app, app.mcp, options.logger ?? stderrLogger);
  const http = createHttpServer(httpServerOptions(options), (req: IncomingMessage, res: ServerResponse) => {
    if (drain.admit(req, res)) serve(req, res);
  });
  const drain = new HttpDrain(tracked, http);
  http.on("clientError", answerClientError);
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const bound = (http.address() as AddressInfo).port;
  const origin = `http://${urlHost(host)}:${bound}`;
  const { mcp } = app;
  return {
    url: `${origin}${mcp.path}`,
    ...(mcp.legacySsePath === undefined ? {} : { legacySseUrl: `${origin}${mcp.legacySsePath}` }),
    // Without a deadline it is a prompt close (tests, a dev reload): idle connections go at once, as with `server.close()`.
    close: async (close) =>
      drain.close(drainTimeoutOf(close, DEFAULT_HTTP_CLOSE_GRACE_MS), () => mcp.close(), close?.drainTimeoutMs === undefined ? 0 : DEFAULT_HTTP_DRAIN_IDLE_MS),
    gauges: () =>
      new Promise((resolve) => http.getConnections((error, connections) => resolve({ sessions: mcp.sessionCount, connections: error ? 0 : connections }))),
  };
}
