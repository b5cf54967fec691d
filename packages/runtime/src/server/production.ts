/**
 * The production pipeline from a routing table and a resolved `RuntimeConfig`: the
 * manifest's authentication, route and endpoint rate limits (memory, or Redis at
 * `redisUrl`), metrics, health and the audit log as observers, the session limits,
 * and one `close()` that releases them. `serveProduction` serves it over Streamable
 * HTTP through `listenHttp` (the `createMcpApp` app) and the lifecycle; `runMain`
 * also over WebSocket, whose upgrades the same authenticator checks.
 */
import { Redis } from "ioredis";
import type { Authenticator } from "../auth/authenticator.js";
import { createAuthenticator } from "../auth/create-authenticator.js";
import type { AuthOptions } from "../auth/options.js";
import type { RuntimeConfig } from "../config/runtime-config.js";
import { createHttpLimits, type HttpLimits } from "../limits/http-limits.js";
import { createRouteLimiter } from "../limits/route-limiter.js";
import { createAuditLog, type AuditLog } from "../observability/audit-log.js";
import { createHealth, type Health } from "../observability/health.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import type { Tenant } from "../handlers/context.js";
import type { RequestObserver } from "../protocol/observer.js";
import type { RouteTable } from "../routing/types.js";
import { RedisSessionStore } from "../sessions/redis-store.js";
import type { ListenHttpOptions } from "./listen-http.js";
import type { ServerOptions } from "../protocol/create-server.js";
import { clientIpFrom } from "./production-client-ip.js";
import { createProductionTenancy } from "./production-tenancy.js";
import { createMemoryConcurrencyStore } from "../limits/concurrency-store.js";
import { createRedisConcurrencyStore } from "../limits/redis-concurrency-store.js";
import { createSlotLimiter } from "../limits/slot-limiter.js";

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

function auditOf(config: RuntimeConfig, stdio: boolean, logger: ServerLogger): AuditLog | undefined {
  if (!config.audit.enabled) return undefined;
  const { destination, file } = config.audit;
  // On stdio, stdout carries the protocol: the default destination moves to stderr.
  const chosen = destination === "file" && file !== undefined ? { file } : stdio ? "stderr" : destination === "file" ? "stdout" : destination;
  return createAuditLog({ destination: chosen, stdio, logger });
}

function coordinationClient(url: string): Redis {
  const client = new Redis(url, { connectionName: "turbomcp-coordination", maxRetriesPerRequest: 1 });
  // Outages show as failing slots and lookups (logged there, once), not as unhandled "error" events.
  client.on("error", () => undefined);
  return client;
}

function sessionClient(url: string): Redis {
  const client = new Redis(url, { connectionName: "turbomcp-sessions", maxRetriesPerRequest: 1 });
  // Reconnect failures are "error" events; the session manager logs the outage from failing calls.
  client.on("error", () => undefined);
  return client;
}

/**
 * Builds every piece the config asks for; configuration mistakes (keys missing from
 * the environment, a bad Redis URL) throw here, at start-up.
 *
 * @example
 * ```ts
 * import { createProductionPipeline, createServer, resolveRuntimeConfig, runStdio } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const pipeline = createProductionPipeline(routes, resolveRuntimeConfig(), { transport: "stdio" });
 * await pipeline.ready();
 * await runStdio(createServer(routes, pipeline.serverOptions));
 * await pipeline.close();
 * ```
 */
export function createProductionPipeline(routes: RouteTable, config: RuntimeConfig, options: ProductionOptions = {}): ProductionPipeline {
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
    const redisUrl = config.redisUrl;
    const clientIp = clientIpFrom(config.trustProxy);
    // One store for the route limits and the endpoint limits; it owns its Redis client.
    const httpLimits: HttpLimits = createHttpLimits({
      rateLimits: routes.rateLimits,
      storeFailure: config.rateLimits.storeFailure,
      logger,
      ...(redisUrl !== undefined && { redisUrl }),
      ...(clientIp !== undefined && { clientIp }),
    });
    closers.push(() => httpLimits.close());
    const limiter = createRouteLimiter({ store: httpLimits.store, storeFailure: config.rateLimits.storeFailure });
    // One Redis connection coordinates the instances: concurrency slots, the tenant directory.
    const coordination = redisUrl === undefined ? undefined : coordinationClient(redisUrl);
    if (coordination !== undefined) closers.push(async () => void (await coordination.quit().catch(() => coordination.disconnect())));
    const concurrency = coordination === undefined ? createMemoryConcurrencyStore() : createRedisConcurrencyStore({ client: coordination, logger });
    const slots = createSlotLimiter({ store: concurrency, storeFailure: config.rateLimits.storeFailure });
    const tenants =
      routes.tenancy === undefined
        ? undefined
        : createProductionTenancy(routes.tenancy, config, {
            limiter,
            concurrency,
            redis: coordination,
            logger,
            local: transport === "stdio" || (transport === "socket" && config.trustLocalSockets),
          });
    if (tenants !== undefined) closers.push(() => tenants.close());

    const audit = auditOf(config, transport === "stdio", logger);
    if (audit !== undefined) closers.push(() => audit.close());
    const tenantIds = routes.tenancy === undefined ? undefined : Object.keys(routes.tenancy.tenants);
    const metrics =
      http && config.metrics.enabled
        ? createMetrics({ tools: routes.tools.keys(), ...(tenantIds !== undefined && { tenants: tenantIds }), bearerToken: config.metrics.bearerToken, logger })
        : undefined;
    const health = http && config.health.enabled ? createHealth({ logger }) : undefined;

    const sessions = http && redisUrl !== undefined ? sessionClient(redisUrl) : undefined;
    if (sessions !== undefined) {
      closers.push(async () => void (await sessions.quit().catch(() => sessions.disconnect())));
      health?.addCheck("redis", async () => ({ healthy: (await sessions.ping()) === "PONG" }));
    }

    const observers: RequestObserver[] = [...(metrics ? [metrics.observer] : []), ...(audit ? [audit] : []), ...(options.server?.observers ?? [])];
    const serverOptions: ServerOptions = {
      ...options.server,
      logger,
      limiter,
      observers,
      ...(tenants !== undefined && { tenantGate: tenants.gate }),
      principalConcurrency: { limiter: slots, perPrincipal: config.rateLimits.maxConcurrentPerPrincipal },
      cacheHints: config.cacheHints,
      ...(config.requestStateSecret !== undefined && { requestStateSecret: config.requestStateSecret }),
    };
    // HTTP and WebSocket upgrades only: stdio and socket clients bring no headers to check
    // (basic/index, "Auth": stdio takes its credentials from the environment), so their
    // keys need not be set; runMain refuses sockets a manifest's required auth would leave open.
    const authenticated = http || transport === "ws";
    const tenantOfApiKey = tenants?.tenantOfApiKey;
    const authenticator =
      !authenticated || routes.auth === undefined
        ? undefined
        : createAuthenticator(routes.auth, { logger, ...(tenantOfApiKey !== undefined && { tenantOfApiKey }), ...options.auth });
    const httpOptions: ListenHttpOptions = {
      ...serverOptions,
      host: config.host,
      port: config.port,
      path: config.path,
      maxBodyBytes: config.maxBodyBytes,
      ...(config.allowedHosts !== undefined && { allowedHosts: config.allowedHosts }),
      ...(config.allowedOrigins !== undefined && { allowedOrigins: config.allowedOrigins }),
      ...(authenticator !== undefined && { authenticator }),
      ...(tenants !== undefined && { tenancy: tenants.resolver }),
      challenge: {
        ...(options.auth?.realm !== undefined && { realm: options.auth.realm }),
        ...(options.auth?.resourceMetadataUrl !== undefined && { resourceMetadataUrl: options.auth.resourceMetadataUrl }),
      },
      httpLimits,
      sessionIdleTimeoutMs: config.sessions.idleTimeoutMs,
      maxSessions: config.sessions.maxSessions,
      maxSessionsPerPrincipal: config.sessions.maxSessionsPerPrincipal,
      maxRequestsPerSession: config.sessions.maxRequestsPerSession,
      evictSessions: config.sessions.evict,
      ...(sessions !== undefined && { sessionStore: new RedisSessionStore({ client: sessions }) }),
      ...(health !== undefined && { health: health.handlers }),
      ...(metrics !== undefined && { metrics: metrics.handler }),
    };
    const ready = async (): Promise<void> => {
      await httpLimits.ready();
      await concurrency.ready();
      await tenants?.ready();
    };
    return { serverOptions, httpOptions, authenticator, metrics, health, audit, localTenant: () => tenants?.localTenant(), ready, close };
  } catch (error) {
    void close();
    throw error;
  }
}
