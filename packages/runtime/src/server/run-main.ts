/**
 * The entry point of a generated server (`src/generated/server.gen.ts`):
 * `await runMain(routes);` parses the command line, starts the transport and shuts
 * it down gracefully on SIGTERM/SIGINT (runtime/lifecycle/).
 */
import { Console } from "node:console";
import { DEFAULT_EXIT_GRACE_MS, DEFAULT_METRICS_GAUGE_INTERVAL_MS } from "../config/defaults.js";
import { resolveRuntimeConfig, type RuntimeConfigInput } from "../config/runtime-config.js";
import type { AuthOptions } from "../auth/options.js";
import type { Tenant } from "../handlers/context.js";
import { settlesWithin } from "../lifecycle/in-flight.js";
import { createLifecycle, type Lifecycle } from "../lifecycle/lifecycle.js";
import type { LifecycleOptions } from "../lifecycle/options.js";
import { installSignalHandlers } from "../lifecycle/signals.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { RouteTable } from "../routing/types.js";
import type { HttpListener } from "./listen-http.js";
import type { TransportListener } from "../transports/listener.js";
import { runStdio } from "../transports/stdio.js";
import { createServer, type ServerOptions } from "../protocol/create-server.js";
import { mainUsage, parseMainArgs, type HttpMainArgs, type MainArgs, type TcpMainArgs, type UnixMainArgs, type WebSocketMainArgs } from "./main-args.js";
import { createProductionPipeline, type ProductionPipeline } from "./production.js";
import { socketAuthProblem } from "./socket-trust.js";

/** What `runMain` takes besides the routes: the server's options and the shutdown hooks. */
export interface RunMainOptions extends ServerOptions {
  /**
   * Graceful shutdown: `onReady`/`onDrain` (health readiness), `beforeExit` (flush
   * stores and loggers), `drainTimeoutMs` (`--drain-timeout` wins over it).
   */
  readonly lifecycle?: LifecycleOptions;
  /**
   * Runtime config set in code: wins over the defaults, the `--config` file and the
   * `TURBOMCP_*` variables; the command-line flags win over it.
   */
  readonly config?: RuntimeConfigInput;
  /** Options of the authenticator built from the manifest's `auth` (key env, JWKS caching, an oauth2 verifier). */
  readonly auth?: AuthOptions;
  /**
   * Called once a listening transport (http, ws, tcp, unix) accepts connections, with
   * its endpoint (the URL the `MCP endpoint` line on stderr prints); not for stdio.
   */
  readonly onListening?: (endpoint: ListeningEndpoint) => void;
}

/** Where a listening transport accepts connections. */
export interface ListeningEndpoint {
  readonly transport: "http" | "ws" | "tcp" | "unix";
  /** `http://…/mcp`, `ws://…/mcp`, `tcp://host:port`, `unix:/path`. */
  readonly url: string;
}

type ListeningArgs = HttpMainArgs | WebSocketMainArgs | TcpMainArgs | UnixMainArgs;

/** How the endpoint line on stderr names each transport; tests and scripts parse that line. */
const ENDPOINT_NAMES: Readonly<Record<ListeningArgs["transport"], string>> = {
  http: "Streamable HTTP",
  ws: "WebSocket",
  tcp: "TCP",
  unix: "Unix socket",
};

/**
 * Starts a server from the command line; resolves when the transport ends. Bad
 * arguments print a message to stderr and set exit code 1. The first SIGTERM or
 * SIGINT drains (requests in flight finish within `--drain-timeout`) and exits 0;
 * a second one exits at once.
 *
 * @example
 * ```ts
 * import { runMain } from "@turbomcp/runtime";
 * import { routes } from "./routes.gen.js";
 * await runMain(routes);
 * ```
 */
export async function runMain(routes: RouteTable, argv: readonly string[] = process.argv.slice(2), options: RunMainOptions = {}): Promise<void> {
  let parsed;
  try {
    parsed = parseMainArgs(argv);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${mainUsage()}\n`);
    process.exitCode = 1;
    return;
  }
  if ("help" in parsed) {
    process.stderr.write(`${mainUsage()}\n`);
    return;
  }
  const { lifecycle: hooks, config: configInCode, auth, onListening, ...serverOptions } = options;
  const logger = serverOptions.logger ?? stderrLogger;
  let lifecycle;
  let pipeline: ProductionPipeline;
  let trustLocalSockets: boolean;
  try {
    // Resolved once, before anything listens: a bad config exits 1 with every problem listed.
    const config = resolveRuntimeConfig({
      ...(parsed.configFile !== undefined && { configFile: parsed.configFile }),
      overrides: overridesOf(parsed, configInCode, hooks),
    });
    trustLocalSockets = config.trustLocalSockets;
    if (parsed.transport === "tcp" || parsed.transport === "unix") {
      const problem = socketAuthProblem(parsed.transport, routes.auth, trustLocalSockets);
      if (problem !== undefined) throw new Error(problem);
    }
    lifecycle = createLifecycle({ logger, ...hooks, drainTimeoutMs: config.drainTimeoutMs });
    const transport = parsed.transport === "tcp" || parsed.transport === "unix" ? "socket" : parsed.transport;
    pipeline = await createProductionPipeline(routes, config, { transport, logger, server: serverOptions, ...(auth !== undefined && { auth }) });
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  try {
    await pipeline.ready();
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    await pipeline.close();
    process.exitCode = 1;
    return;
  }
  connectPipeline(lifecycle, pipeline);
  // A stderr whose reader went away (the parent exited) fails every write with EPIPE:
  // unhandled, each failure would be an uncaught exception whose report fails the same
  // way, a loop that pins a core and keeps the process from exiting. Nothing can be
  // reported there any more, so its errors are dropped.
  process.stderr.on("error", () => undefined);
  // A handler's stray promise or timer callback must not end every client's session.
  process.on("unhandledRejection", (reason) => logger.error("unhandled promise rejection (a handler bug)", reason));
  process.on("uncaughtException", (error) => logger.error("uncaught exception (a handler bug)", error));
  if (parsed.transport !== "stdio")
    return serveUntilSignal(parsed, routes, { ...pipeline.serverOptions, logger }, lifecycle, { pipeline, trustLocalSockets, onListening });
  return serveStdio(routes, { ...pipeline.serverOptions, logger }, lifecycle, pipeline.localTenant());
}

// --- runtime config and production pipeline (server/production.ts) ---

/** Code settings, then the command-line flags on top: the highest layers of the runtime config. */
function overridesOf(args: Exclude<MainArgs, { help: true }>, inCode: RuntimeConfigInput | undefined, hooks: LifecycleOptions | undefined): RuntimeConfigInput {
  const flags: { -readonly [K in keyof RuntimeConfigInput]: RuntimeConfigInput[K] } = {};
  if (args.drainTimeoutMs !== undefined) flags.drainTimeoutMs = args.drainTimeoutMs;
  // Listen flags of the other transports keep their own defaults (WebSocket and TCP ports differ).
  if (args.transport === "http") {
    if (args.host !== undefined) flags.host = args.host;
    if (args.port !== undefined) flags.port = args.port;
    if (args.path !== undefined) flags.path = args.path;
    if (args.allowedHosts !== undefined) flags.allowedHosts = args.allowedHosts;
    if (args.allowedOrigins !== undefined) flags.allowedOrigins = args.allowedOrigins;
  }
  const fromHooks = hooks?.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: hooks.drainTimeoutMs };
  return { ...fromHooks, ...inCode, ...flags };
}

/** Health readiness follows the lifecycle; the pipeline's stores and audit log close after the transports. */
function connectPipeline(lifecycle: Lifecycle, pipeline: ProductionPipeline): void {
  const { health } = pipeline;
  if (health !== undefined) {
    lifecycle.onReady(() => health.setReady(true));
    lifecycle.onDrain(() => health.startDraining());
  }
  lifecycle.beforeExit({ name: "production pipeline (audit log, Redis)", run: () => pipeline.close() });
}

// --- end runtime config and production pipeline ---

/** Serves stdin/stdout until EOF, or until a signal drains it. */
async function serveStdio(
  routes: RouteTable,
  options: ServerOptions & { readonly logger: ServerLogger },
  lifecycle: Lifecycle,
  tenant: Tenant | undefined,
): Promise<void> {
  // stdout is the JSON-RPC channel: a handler's console.log() would corrupt it, so
  // every console method writes to stderr while the stdio transport runs.
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const server = createServer(routes, options);
  const drain = new AbortController();
  const served = runStdio(server, { logger: options.logger, drain: drain.signal, ...(tenant !== undefined && { tenant }) });
  lifecycle.onClose(async (drainTimeoutMs) => {
    server.close();
    drain.abort();
    // Past the deadline the requests still running are cut: the process exits.
    await settlesWithin(served, drainTimeoutMs);
  });
  installSignalHandlers(lifecycle, { logger: options.logger });
  await lifecycle.markReady();
  await served;
  // stdin ended (a signal's shutdown, if one began, returns the same report and exits).
  const report = await lifecycle.shutdown("end of input");
  process.exitCode = report.exitCode;
  // Unref'd: a process with nothing left to do exits at once; one held open by a
  // handler's forgotten timer or socket exits after the grace period.
  setTimeout(() => process.exit(), DEFAULT_EXIT_GRACE_MS).unref();
}

/** What the listening transports take from the resolved config beside the server options. */
interface Serving {
  readonly pipeline: ProductionPipeline;
  /** TCP and Unix clients are the local user (`trustLocalSockets`); `listenTcp` refuses it off loopback. */
  readonly trustLocalSockets: boolean;
  readonly onListening: RunMainOptions["onListening"];
}

/** Each transport is loaded when it is chosen: stdio never loads node:http, ws or the HTTP transport. */
async function listen(routes: RouteTable, args: ListeningArgs, options: ServerOptions, { pipeline, trustLocalSockets }: Serving): Promise<TransportListener> {
  const { authenticator } = pipeline;
  const { tenancy, httpLimits } = pipeline.httpOptions;
  const localTenant = pipeline.localTenant();
  switch (args.transport) {
    case "http":
      // Host, port, path and allowed hosts/origins are in the resolved config, flags included.
      return (await import("./listen-http.js")).listenHttp(routes, pipeline.httpOptions);
    case "ws": {
      const { transport: _transport, ...where } = args;
      const { listenWebSocket } = await import("../transports/websocket.js");
      return listenWebSocket(routes, {
        ...options,
        ...where,
        ...(authenticator !== undefined && { authenticator }),
        ...(tenancy !== undefined && { tenancy }),
        ...(httpLimits !== undefined && { httpLimits }),
      });
    }
    case "tcp": {
      const { transport: _transport, ...where } = args;
      const { listenTcp } = await import("../transports/tcp.js");
      return listenTcp(routes, { ...options, ...where, trustLocalSockets, ...(localTenant !== undefined && { tenant: localTenant }) });
    }
    case "unix":
      return (await import("../transports/unix.js")).listenUnix(routes, {
        ...options,
        path: args.socket,
        trustLocalSockets,
        ...(localTenant !== undefined && { tenant: localTenant }),
      });
  }
}

/** Keeps the active-sessions and active-connections gauges current (HTTP); unref'd, so it never holds the process. */
function feedGauges(listener: TransportListener, pipeline: ProductionPipeline): void {
  const { metrics } = pipeline;
  if (metrics === undefined || !("gauges" in listener)) return;
  const http = listener as HttpListener;
  setInterval(() => {
    void http.gauges().then(({ sessions, connections }) => {
      metrics.setActiveSessions(sessions);
      metrics.setActiveConnections(connections, "http");
    });
  }, DEFAULT_METRICS_GAUGE_INTERVAL_MS).unref();
}

/** Serves until SIGINT or SIGTERM, then drains every connection and exits. */
async function serveUntilSignal(
  args: ListeningArgs,
  routes: RouteTable,
  options: ServerOptions & { readonly logger: ServerLogger },
  lifecycle: Lifecycle,
  serving: Serving,
): Promise<void> {
  const { pipeline } = serving;
  let listener: TransportListener;
  try {
    const { drainTimeoutMs: _drainTimeoutMs, configFile: _configFile, ...where } = args;
    listener = await listen(routes, where, options, serving);
  } catch (error) {
    // Bad configuration or a port in use: a message for the operator, not a stack.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    await pipeline.close();
    process.exitCode = 1;
    return;
  }
  lifecycle.onClose((drainTimeoutMs) => listener.close({ drainTimeoutMs }));
  feedGauges(listener, pipeline);
  // The handlers exit the process once the shutdown has run (or at once on a second signal).
  installSignalHandlers(lifecycle, { logger: options.logger });
  process.stderr.write(`[turbomcp] MCP endpoint (${ENDPOINT_NAMES[args.transport]}): ${listener.url}\n`);
  serving.onListening?.({ transport: args.transport, url: listener.url });
  await lifecycle.markReady();
  await new Promise((resolve) => lifecycle.draining.addEventListener("abort", resolve, { once: true }));
  await lifecycle.shutdown();
}
