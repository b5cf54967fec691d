/**
 * The transport-neutral server: a routing table plus resolved options. Transports
 * hand it parsed messages together with the peer that sent them; each peer object
 * is one MCP connection (one stdio process, one socket, one legacy HTTP session).
 * Streamable HTTP hands it 2026-07-28 requests one at a time (`handleStateless`).
 * The protocol core's facade over the dispatcher, so every transport imports it downwards.
 */
import { onCancel, type CancelSource } from "./lazy-abort.js";
import { randomBytes } from "node:crypto";
import { DEFAULT_REQUEST_STATE_TTL_MS, DEFAULT_REQUEST_TIMEOUT_MS, REQUEST_STATE_SECRET_ENV } from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "./logger.js";
import { resolveCacheHints, type CacheHints } from "../config/cache-hints.js";
import { Connection, type Peer, type SessionState } from "./connection.js";
import { MAX_TIMEOUT_MS, RequestCancelled } from "./deadline.js";
import { Dispatcher } from "./dispatcher.js";
import type { JsonRpcRequest, JsonRpcResponse, ParsedMessage } from "./jsonrpc.js";
import { RequestStateSealer } from "./request-state.js";
import { LIST_KINDS, ResourceSubscriptions, listChangedMethod, registerSubscriptions, type NotifyOptions, type UpdatePublisher } from "./subscriptions.js";
import { resolveTaskOptions, type TaskOptions } from "./tasks/options.js";
import type { Caller } from "./caller.js";
import type { RouteLimiter } from "./limiter.js";
import type { RequestObserver } from "./observer.js";
import type { SlotLimiter, TenantGate } from "./tenant-gate.js";
import type { RouteTable } from "../routing/types.js";
import type { ProtocolVersion } from "./versions.js";
import { createDependencies, type Dependencies } from "./dependencies/registry.js";
import type { Redis } from "ioredis";
import type { MiddlewareUse } from "../routing/middleware.js";
import type { ListChanges } from "./route-state.js";
import type { LiveRoutes } from "./live-routes.js";
import type { RequestTracer, TraceCarrier } from "./tracer.js";

export interface ServerOptions {
  /** Handler timeout for routes without `policy.timeoutMs`; default 60 s. */
  readonly requestTimeoutMs?: number;
  /** Where handler bugs and protocol oddities are reported; default stderr. */
  readonly logger?: ServerLogger;
  /** `ttlMs` and `cacheScope` on 2026-07-28 lists and reads; defaults in config/defaults.ts. */
  readonly cacheHints?: CacheHints;
  /**
   * Key that seals 2026-07-28 `requestState` (HMAC-SHA256), at least 32 bytes. Every
   * instance behind one load balancer needs the same key, so a retry may land on any
   * of them. Default: the TURBOMCP_REQUEST_STATE_SECRET environment variable, else a
   * random key per process (fine for a single instance).
   */
  readonly requestStateSecret?: string | Uint8Array;
  /** How long a `requestState` stays valid; default 15 minutes. */
  readonly requestStateTtlMs?: number;
  /** The tasks extension (SEP-2663) for tools with `execution.taskSupport`: store, TTL, poll interval. */
  readonly tasks?: TaskOptions;
  /** Enforces the manifest's per-route `rateLimit`s (in memory or Redis); without one they are not enforced. */
  readonly limiter?: RouteLimiter;
  /** Told about every answered request: the metrics and the audit log are observers. */
  readonly observers?: readonly RequestObserver[];
  /** Enforces each tenant's `rateLimit` and `maxConcurrentRequests` (`createTenantGate`); without one they are not enforced. */
  readonly tenantGate?: TenantGate;
  /**
   * Requests one principal (an identity within its tenant) may have in progress at once,
   * so one caller cannot occupy the whole server; more are refused with -32004 (429).
   * Give `limiter` (`createSlotLimiter`) a Redis store to bound it across instances.
   */
  readonly principalConcurrency?: { readonly limiter: SlotLimiter; readonly perPrincipal: number };
  /**
   * The circuit breakers behind `ctx.dependency()` (`createDependencies`). Default: made
   * from the route table's `dependencies` (the manifest's), logging to `logger`. Pass your
   * own to watch them (the production pipeline hands its to metrics and health).
   */
  readonly dependencies?: Dependencies;
  /**
   * Wraps tools/call, resources/read, prompts/get, completion/complete and the list
   * methods, first in the list outermost, around each route's own `middleware`
   * (docs/middleware.md). Default: none.
   */
  readonly middleware?: readonly MiddlewareUse[];
  /**
   * The routing table may be replaced while clients are connected (`replaceRoutes`):
   * capabilities declare tools, resources and prompts with `listChanged: true`, and
   * clients are told when a list changes. Default false: the table is fixed.
   */
  readonly listChanged?: boolean;
  /**
   * Serve this live table (`createLiveRoutes`) instead of `routes`, and switch whenever
   * it is replaced; implies `listChanged`. For servers made for you (`runMain`,
   * `listenHttp`), where you hold no server to call `replaceRoutes` on.
   */
  readonly liveRoutes?: LiveRoutes;
  /**
   * A Redis connection the server's instances share, for middleware that keeps state
   * (the result cache, the concurrency limit): handed to their setup. The server does
   * not close it. Default: none (such state stays in this process). The production
   * pipeline passes one when `redisUrl` is set.
   */
  readonly redis?: Redis;
  /**
   * Traces each request and its handler: `createRequestTracer()` from
   * `@turbomcp/runtime/observability` (OpenTelemetry; spans go to the SDK the application
   * registers). Default: none, and the request path is the untraced one. The production
   * pipeline sets one (docs/observability.md, "Tracing").
   */
  readonly tracer?: RequestTracer;
}

export interface McpServer {
  /** The table the server serves now. */
  readonly routes: RouteTable;
  /**
   * Serves a new routing table from now on (a feature flag adds a tool, a reload in
   * development): requests in progress finish on the table they began with, and
   * clients are told which lists changed (`notifications/tools/list_changed`, … to
   * legacy connections, and to 2026-07-28 `subscriptions/listen` streams that asked).
   * Needs `createServer(routes, { listChanged: true })`. Only the entries may change:
   * a table with another server identity, auth, tenancy, rate limits or dependencies
   * is refused (a restart applies those), as is one whose middleware cannot be set up;
   * the current table then keeps serving. Each instance of a deployment replaces its own.
   */
  replaceRoutes(routes: RouteTable): ListChanges;
  /**
   * Handles one message from `peer`; resolves once any reply has been sent to it.
   * `carrier`: the transport's trace context (HTTP headers), which a request's `_meta` overrides.
   */
  handle(message: ParsedMessage, peer: Peer, caller?: Caller, carrier?: TraceCarrier): Promise<void>;
  /**
   * Serves one 2026-07-28 request whose transport has no connection to keep
   * (Streamable HTTP): the reply and the request's notifications go to `peer`;
   * aborting `cancel` cancels the request (the client closed its stream). `carrier`: the
   * transport's trace context (HTTP headers), which the request's `_meta` overrides.
   */
  handleStateless(request: JsonRpcRequest, peer: Peer, cancel?: CancelSource, caller?: Caller, carrier?: TraceCarrier): Promise<void>;
  /**
   * Makes `peer` a legacy connection that no session keeps (Streamable HTTP with
   * `sessionMode: "stateless"`): the transport hands it one message, then disconnects
   * it. With `protocolVersion` it counts as initialized on that version (a request
   * after an `initialize` nobody remembers); without, it awaits its `initialize`. Its
   * client's capabilities are unknown, so `ctx.elicit()`, `ctx.sample()` and
   * `ctx.roots()` are refused, and so is `resources/subscribe`.
   */
  openSessionless(peer: Peer, protocolVersion?: ProtocolVersion): void;
  /** The legacy version `peer` negotiated with `initialize`; undefined before it. */
  negotiatedVersion(peer: Peer): string | undefined;
  /** What `peer` negotiated and set (version, client capabilities, log level), to share with other instances; undefined before `initialize`. */
  sessionState(peer: Peer): SessionState | undefined;
  /** Serves `peer` with state another instance shared (see `sessionState`), as if it had sent `initialize` here. */
  restoreSession(peer: Peer, state: SessionState): void;
  /**
   * Settles a server→client request of `peer`'s with the client's response; false
   * when none of this server's is waiting for it (it may be another instance's).
   */
  settle(peer: Peer, response: JsonRpcResponse): boolean;
  /** The peer is gone: its pending server→client requests reject, its state is dropped. */
  disconnect(peer: Peer): void;
  /** Tells this server's subscribers of `uri` (in `options.tenant`) that it changed; returns how many were told. */
  notifyResourceUpdated(uri: string, options?: NotifyOptions): number;
  /**
   * Several instances: resource updates are published with `publish` from now on, and
   * each instance calls the returned function for every update published (its own
   * included) to tell the subscribers it delivers to.
   */
  shareResourceUpdates(publish: UpdatePublisher): (uri: string, tenant: string | undefined) => number;
  /** Ends long-lived requests gracefully (`subscriptions/listen` streams get their final result). */
  close(): void;
}

function resolveTimeout(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  // Checked here so bad configuration fails at start-up, not at the first request.
  if (!Number.isInteger(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new TypeError(`${name} must be an integer from 1 to ${MAX_TIMEOUT_MS}, got ${String(value)}`);
  }
  return value;
}

function checkPrincipalConcurrency(value: ServerOptions["principalConcurrency"]): ServerOptions["principalConcurrency"] {
  if (value !== undefined && (!Number.isSafeInteger(value.perPrincipal) || value.perPrincipal < 1)) {
    throw new TypeError(`principalConcurrency.perPrincipal must be a positive integer, got ${String(value.perPrincipal)}`);
  }
  return value;
}

function resolveSecret(value: string | Uint8Array | undefined): Buffer {
  const configured = value ?? process.env[REQUEST_STATE_SECRET_ENV];
  if (configured === undefined || configured === "") return randomBytes(32);
  const key = typeof configured === "string" ? Buffer.from(configured, "utf8") : Buffer.from(configured);
  if (key.length < 32) throw new TypeError(`requestStateSecret (or ${REQUEST_STATE_SECRET_ENV}) must be at least 32 bytes, got ${key.length}`);
  return key;
}

/**
 * Creates a server for a routing table.
 *
 * @example
 * ```ts
 * import { createServer, defineRoutes, parseMessage } from "@turbomcp/runtime";
 * const server = createServer(defineRoutes({ server: { name: "demo", version: "1.0.0" } }));
 * await server.handle(parseMessage('{"jsonrpc":"2.0","id":1,"method":"ping"}'), { send: (m) => console.log(m) });
 * ```
 */
export function createServer(table: RouteTable, options: ServerOptions = {}): McpServer {
  const live = options.liveRoutes;
  const routes = live?.routes ?? table;
  const listChanged = options.listChanged === true || live !== undefined;
  const subscriptions = new ResourceSubscriptions();
  registerSubscriptions(subscriptions);
  const shutdown = new AbortController();
  const logger = options.logger ?? stderrLogger;
  const dispatcher = new Dispatcher(routes, {
    defaultTimeoutMs: resolveTimeout("requestTimeoutMs", options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS),
    logger,
    subscriptions,
    cacheHints: resolveCacheHints(options.cacheHints),
    requestState: new RequestStateSealer(
      resolveSecret(options.requestStateSecret),
      resolveTimeout("requestStateTtlMs", options.requestStateTtlMs, DEFAULT_REQUEST_STATE_TTL_MS),
    ),
    shutdown: shutdown.signal,
    tasks: resolveTaskOptions(options.tasks),
    limiter: options.limiter,
    observers: options.observers ?? [],
    tenantGate: options.tenantGate,
    principalSlots: checkPrincipalConcurrency(options.principalConcurrency),
    dependencies: options.dependencies ?? createDependencies(routes.dependencies, { logger }),
    middleware: options.middleware ?? [],
    services: { logger, redis: options.redis },
    listChanged,
    tracer: options.tracer,
  });
  const connections = new WeakMap<Peer, Connection>();
  // Only a server whose lists may change tells its legacy connections so; weakly held, so a
  // transport that never reports a peer gone cannot keep its connection alive.
  const listeners = listChanged ? new Set<WeakRef<Connection>>() : undefined;
  const connectionOf = (peer: Peer): Connection => {
    let connection = connections.get(peer);
    if (!connection) {
      connections.set(peer, (connection = new Connection(peer)));
      listeners?.add(new WeakRef(connection));
    }
    return connection;
  };
  /** Tells every initialized legacy connection (and each 2026-07-28 stream that asked) which lists changed. */
  const announce = (changes: ListChanges): void => {
    const methods = LIST_KINDS.filter((kind) => changes[kind]).map(listChangedMethod);
    if (methods.length === 0) return;
    for (const reference of listeners ?? []) {
      const connection = reference.deref();
      if (connection === undefined) listeners?.delete(reference);
      else if (connection.initialized && !connection.sessionless && connection.delivers) for (const method of methods) connection.notify(method, {});
    }
    subscriptions.notifyListsChanged(changes);
  };
  const server: McpServer = {
    get routes() {
      return dispatcher.routes;
    },
    replaceRoutes(next) {
      if (listeners === undefined)
        throw new TypeError("replaceRoutes needs createServer(routes, { listChanged: true }): clients were told the lists never change");
      const changes = dispatcher.replaceRoutes(next);
      announce(changes);
      return changes;
    },
    handle: (message, peer, caller, carrier) => dispatcher.receive(message, connectionOf(peer), caller, carrier),
    async handleStateless(request, peer, cancel, caller, carrier) {
      // A connection for this one exchange: its in-flight map is how `cancel` reaches the request.
      const exchange = new Connection(peer);
      const stopListening =
        cancel === undefined
          ? undefined
          : onCancel(cancel, () => exchange.inFlight.get(request.id)?.abort(new RequestCancelled("the client closed the stream")));
      try {
        const reply = await dispatcher.executeStateless(request, exchange, caller, carrier);
        if (reply) peer.send(reply, request.id);
      } finally {
        stopListening?.();
      }
    },
    openSessionless(peer, protocolVersion) {
      const connection = connectionOf(peer);
      connection.sessionless = true;
      if (protocolVersion === undefined) return;
      connection.initialized = true;
      connection.protocolVersion = protocolVersion;
    },
    negotiatedVersion(peer) {
      const connection = connections.get(peer);
      return connection?.initialized === true ? connection.protocolVersion : undefined;
    },
    sessionState(peer) {
      const connection = connections.get(peer);
      const state = connection?.state;
      return state === undefined ? undefined : { ...state, subscriptions: subscriptions.keysOf(connection!) };
    },
    restoreSession(peer, state) {
      const connection = connectionOf(peer);
      connection.restore(state);
      subscriptions.replace(connection, state.subscriptions ?? []);
    },
    settle: (peer, response) => connections.get(peer)?.outbound.settle(response) ?? false,
    disconnect(peer) {
      const connection = connections.get(peer);
      if (connection) {
        connection.close();
        subscriptions.drop(connection);
      }
      connections.delete(peer);
    },
    notifyResourceUpdated: (uri, notify) => subscriptions.notify(uri, notify?.tenant),
    shareResourceUpdates(publish) {
      subscriptions.share(publish);
      return (uri, tenant) => subscriptions.deliver(uri, tenant);
    },
    close: () => shutdown.abort(),
  };
  live?.attach(server);
  return server;
}
