/**
 * The production pipeline from a routing table and a resolved `RuntimeConfig`: the
 * manifest's authentication, route and endpoint rate limits (memory, or Redis at
 * `redisUrl`, which then also holds the tasks), metrics, health and the audit log as
 * observers, OpenTelemetry tracing, the session limits, and one `close()` that releases them.
 * `serveProduction` serves it over Streamable HTTP through `listenHttp` (the
 * `createMcpApp` app) and the lifecycle; `runMain` also over WebSocket, whose upgrades
 * the same authenticator checks.
 */
import type { Authenticator } from "../auth/authenticator.js";
import type { AuthOptions } from "../auth/options.js";
import type { AuthorizationServer } from "../oauth-server/authorization-server.js";
import type { AuthorizationStore } from "../oauth-server/store.js";
import type { RuntimeConfig } from "../config/runtime-config.js";
import { createMemoryConcurrencyStore, type ConcurrencyStore } from "../limits/concurrency-store.js";
import { createMemoryLimitStore } from "../limits/memory-store.js";
import { createRouteLimiter } from "../limits/route-limiter.js";
import { createSlotLimiter } from "../limits/slot-limiter.js";
import type { LimitStore } from "../limits/store.js";
import type { AuditLog } from "../observability/audit-log.js";
import type { Health } from "../observability/health.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { Tenant } from "../handlers/context.js";
import type { RequestObserver } from "../protocol/observer.js";
import { servesTasks } from "../protocol/tasks/extension.js";
import type { RouteTable } from "../routing/types.js";
import type { ListenHttpOptions } from "./listen-http.js";
import type { ServerOptions } from "../protocol/create-server.js";
import { createDependencies } from "../protocol/dependencies/registry.js";
import { hasMiddleware } from "../protocol/middleware/server-middleware.js";
import { deferredTracer } from "../observability/deferred-tracer.js";

export interface ProductionOptions {
  /**
   * `"stdio"`: the audit log goes to stderr (stdout is the protocol) and nothing HTTP
   * is built. `"ws"`: the authenticator only. `"socket"` (TCP, Unix): neither.
   */
  readonly transport?: "http" | "ws" | "stdio" | "socket";
  readonly logger?: ServerLogger;
  /** Passed to `createAuthenticator` (env for keys, JWKS caching, an oauth2 verifier). */
  readonly auth?: AuthOptions;
  /** Server options of your own; observers are appended to the pipeline's. */
  readonly server?: ServerOptions;
  /**
   * OpenTelemetry spans for each request and handler (docs/observability.md, "Tracing"):
   * on by default, recording nothing (and `@opentelemetry/api` not even loaded) until
   * the application registers an SDK. `false`: none. A `server.tracer` of your own wins.
   */
  readonly tracing?: boolean;
}

export interface ProductionPipeline {
  /** For `createServer`: route limiter, observers (metrics, audit), cache hints, requestState key. */
  readonly serverOptions: ServerOptions;
  /** For `listenHttp` / `createMcpApp`: the server options plus listen address, authenticator, limits, health, metrics, sessions. */
  readonly httpOptions: ListenHttpOptions;
  /** The manifest's authenticator, for `listenWebSocket` (HTTP has it in `httpOptions`); undefined without `auth` or on other transports. */
  readonly authenticator: Authenticator | undefined;
  readonly metrics: Metrics | undefined;
  readonly health: Health | undefined;
  readonly audit: AuditLog | undefined;
  /** The local client's tenant (`TURBOMCP_TENANT`: stdio, trusted local sockets) on a server with tenants; known once `ready()` resolved. */
  localTenant(): Tenant | undefined;
  /** Resolves once Redis (when configured) answers; rejects with a start-up message. */
  ready(): Promise<void>;
  /** Closes the Redis clients, flushes and closes the audit log. */
  close(): Promise<void>;
}

/** On stdio, stdout carries the protocol: the default audit destination moves to stderr. */
async function auditOf(config: RuntimeConfig, stdio: boolean, logger: ServerLogger): Promise<AuditLog | undefined> {
  if (!config.audit.enabled) return undefined;
  const { destination, file } = config.audit;
  const chosen = destination === "file" && file !== undefined ? { file } : stdio ? "stderr" : destination === "file" ? "stdout" : destination;
  const { createAuditLog } = await import("../observability/audit-log.js");
  return createAuditLog({ destination: chosen, stdio, logger, ...(config.audit.arguments && { arguments: {} }) });
}

/**
 * The manifest's built-in authorization server, loaded only when it has one. It is
 * served over HTTP; a WebSocket server would accept its tokens but offer no way to
 * get one, so that combination is refused.
 */
async function authorizationServerOf(
  routes: RouteTable,
  transport: string,
  options: ProductionOptions,
  logger: ServerLogger,
  sharedStore: () => AuthorizationStore | undefined,
): Promise<AuthorizationServer | undefined> {
  if (routes.auth?.authorizationServer === undefined) return undefined;
  if (transport !== "http") {
    throw new TypeError("auth.authorizationServer is served over HTTP: run the server with --transport http (its sign-in pages and token endpoint need it)");
  }
  const { createAuthorizationServer } = await import("../oauth-server/authorization-server.js");
  const store = sharedStore();
  const server = createAuthorizationServer(routes, {
    ...(options.auth?.env !== undefined && { env: options.auth.env }),
    ...(store !== undefined && { store }),
  });
  if (server.ephemeralKeys) {
    const name = server.policy.signingKeysEnv;
    logger.warn(
      `auth.authorizationServer: ${name} is not set, so tokens are signed with a key made up at start-up: they end with this process (allowed on loopback only)`,
    );
  }
  return server;
}

/**
 * Builds every piece the config asks for; configuration mistakes (keys missing from
 * the environment, a bad Redis URL) reject here, at start-up. Redis, Express's
 * limiter, metrics, health, the audit log's pino and the authenticator are loaded
 * only when the config and transport use them: a stdio server loads none of the HTTP
 * tier, and a server without `redisUrl` never loads ioredis.
 *
 * @example
 * ```ts
 * import { createProductionPipeline, createServer, resolveRuntimeConfig, runStdio } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const pipeline = await createProductionPipeline(routes, resolveRuntimeConfig(), { transport: "stdio" });
 * await pipeline.ready();
 * await runStdio(createServer(routes, pipeline.serverOptions));
 * await pipeline.close();
 * ```
 */
export async function createProductionPipeline(routes: RouteTable, config: RuntimeConfig, options: ProductionOptions = {}): Promise<ProductionPipeline> {
  const logger = options.logger ?? stderrLogger;
  const transport = options.transport ?? "http";
  const http = transport === "http";
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) {
      try {
        await closer();
      } catch (error) {
        logger.error("closing the production pipeline", error);
      }
    }
  };
  try {
    const redis = config.redisUrl === undefined ? undefined : (await import("./production-redis.js")).createRedisTier(config.redisUrl, logger);
    // One store for the route limits and the endpoint limits; Redis shares it between instances.
    const store: LimitStore = redis?.store ?? createMemoryLimitStore();
    closers.push(() => redis?.close() ?? store.close());
    const limiter = createRouteLimiter({ store, storeFailure: config.rateLimits.storeFailure });
    const concurrency: ConcurrencyStore = redis?.concurrency ?? createMemoryConcurrencyStore();
    const slots = createSlotLimiter({ store: concurrency, storeFailure: config.rateLimits.storeFailure });
    const tenants =
      routes.tenancy === undefined
        ? undefined
        : (await import("./production-tenancy.js")).createProductionTenancy(routes.tenancy, config, {
            limiter,
            concurrency,
            ...(redis !== undefined && { redisDirectory: (fallback) => redis.tenantDirectory(fallback) }),
            logger,
            local: transport === "stdio" || (transport === "socket" && config.trustLocalSockets),
          });
    if (tenants !== undefined) closers.push(() => tenants.close());

    const audit = await auditOf(config, transport === "stdio", logger);
    if (audit !== undefined) closers.push(() => audit.close());
    // One set of breakers per process, shared by every transport's requests, watched by metrics and health.
    const dependencies = options.server?.dependencies ?? createDependencies(routes.dependencies, { logger });
    const web = http ? (await import("./production-http.js")).createHttpTier(routes, config, { store, logger, dependencies }) : undefined;
    if (web !== undefined) closers.push(() => web.close());
    const { metrics, health } = web ?? {};
    const sessions = http ? redis?.sessions() : undefined;
    if (sessions !== undefined) health?.addCheck("redis", async () => ({ healthy: await sessions.ping() }));

    // With Redis, tasks are readable through every instance, unless the application brought a store of its own.
    const ownTasks = options.server?.tasks;
    const tasks =
      redis !== undefined && servesTasks(routes) && ownTasks?.store === undefined
        ? {
            ...ownTasks,
            store: redis.tasks(ownTasks?.maxTasks),
            // Over HTTP, tasks/update and tasks/cancel reach the run on whichever instance holds it.
            ...(sessions !== undefined && ownTasks?.relay === undefined && { relay: redis.taskRelay(sessions.bus) }),
          }
        : ownTasks;

    // Middleware that keeps state (a result cache, a concurrency limit) shares it between the instances too.
    const middlewareRedis =
      redis !== undefined &&
      options.server?.redis === undefined &&
      (hasMiddleware(routes, options.server?.middleware) || options.server?.liveRoutes !== undefined)
        ? redis.middleware()
        : undefined;
    // @opentelemetry/api is loaded once an SDK has registered with it (deferred-tracer.ts),
    // so a server nobody traces, a stdio one above all, starts as fast as before.
    const tracer =
      options.server?.tracer ??
      (options.tracing === false ? undefined : await deferredTracer(async () => (await import("../observability/tracing.js")).createRequestTracer(), logger));
    const observers: RequestObserver[] = [...(metrics ? [metrics.observer] : []), ...(audit ? [audit] : []), ...(options.server?.observers ?? [])];
    const serverOptions: ServerOptions = {
      ...options.server,
      logger,
      limiter,
      observers,
      dependencies,
      ...(tracer !== undefined && { tracer }),
      ...(tasks !== undefined && { tasks }),
      ...(tenants !== undefined && { tenantGate: tenants.gate }),
      principalConcurrency: { limiter: slots, perPrincipal: config.rateLimits.maxConcurrentPerPrincipal },
      cacheHints: config.cacheHints,
      ...(middlewareRedis !== undefined && { redis: middlewareRedis }),
      ...(config.requestStateSecret !== undefined && { requestStateSecret: config.requestStateSecret }),
    };
    // HTTP and WebSocket upgrades only: stdio and socket clients bring no headers to check
    // (basic/index, "Auth": stdio takes its credentials from the environment), so their
    // keys need not be set; runMain refuses sockets a manifest's required auth would leave open.
    const authenticated = http || transport === "ws";
    const authorizationServer = authenticated ? await authorizationServerOf(routes, transport, options, logger, () => redis?.authorizationStore()) : undefined;
    const tenantOfApiKey = tenants?.tenantOfApiKey;
    const authenticator =
      !authenticated || routes.auth === undefined
        ? undefined
        : (await import("../auth/create-authenticator.js")).createAuthenticator(routes.auth, {
            logger,
            ...(tenantOfApiKey !== undefined && { tenantOfApiKey }),
            ...(authorizationServer !== undefined && { localIssuer: authorizationServer.localIssuer }),
            ...options.auth,
          });
    const httpOptions: ListenHttpOptions = {
      ...serverOptions,
      host: config.host,
      port: config.port,
      path: config.path,
      maxBodyBytes: config.maxBodyBytes,
      ...(config.allowedHosts !== undefined && { allowedHosts: config.allowedHosts }),
      ...(config.allowedOrigins !== undefined && { allowedOrigins: config.allowedOrigins }),
      ...(authenticator !== undefined && { authenticator }),
      ...(authorizationServer !== undefined && { authorizationServer }),
      ...(tenants !== undefined && { tenancy: tenants.resolver }),
      challenge: {
        ...(options.auth?.realm !== undefined && { realm: options.auth.realm }),
        ...(options.auth?.resourceMetadataUrl !== undefined && { resourceMetadataUrl: options.auth.resourceMetadataUrl }),
      },
      ...(web !== undefined && { httpLimits: web.httpLimits }),
      sessionMode: config.sessions.mode,
      sessionIdleTimeoutMs: config.sessions.idleTimeoutMs,
      maxSessions: config.sessions.maxSessions,
      maxSessionsPerPrincipal: config.sessions.maxSessionsPerPrincipal,
      maxRequestsPerSession: config.sessions.maxRequestsPerSession,
      evictSessions: config.sessions.evict,
      // With Redis, every instance serves every session (docs/deployment.md, "Several instances").
      ...(sessions !== undefined && { sessionStore: sessions.store, cluster: sessions.bus, eventStore: sessions.eventStore }),
      ...(health !== undefined && { health: health.handlers }),
      ...(metrics !== undefined && { metrics: metrics.handler }),
    };
    const ready = async (): Promise<void> => {
      await store.ready();
      await concurrency.ready();
      await tenants?.ready();
    };
    return { serverOptions, httpOptions, authenticator, metrics, health, audit, localTenant: () => tenants?.localTenant(), ready, close };
  } catch (error) {
    await close();
    throw error;
  }
}
