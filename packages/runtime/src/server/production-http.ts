/**
 * The production pipeline's HTTP tier: endpoint rate limits (per IP, principal and
 * tenant), metrics and health. Loaded only for Streamable HTTP, so stdio and socket
 * servers never load prom-client or the IP-keyed limiter.
 */
import type { RuntimeConfig } from "../config/runtime-config.js";
import { createHttpLimits, type HttpLimits } from "../limits/http-limits.js";
import type { LimitStore } from "../limits/store.js";
import { createHealth, type Health } from "../observability/health.js";
import type { ServerLogger } from "../protocol/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import type { RouteTable } from "../routing/types.js";
import type { Dependencies } from "../protocol/dependencies/registry.js";
import { clientIpFrom } from "./production-client-ip.js";

export interface HttpTier {
  readonly httpLimits: HttpLimits;
  readonly metrics: Metrics | undefined;
  readonly health: Health | undefined;
  close(): Promise<void>;
}

export function createHttpTier(
  routes: RouteTable,
  config: RuntimeConfig,
  { store, logger, dependencies }: { store: LimitStore; logger: ServerLogger; dependencies: Dependencies },
): HttpTier {
  const clientIp = clientIpFrom(config.trustProxy);
  // The route limiter's store: one set of counters for the route and the endpoint limits.
  const httpLimits = createHttpLimits({
    rateLimits: routes.rateLimits,
    storeFailure: config.rateLimits.storeFailure,
    logger,
    store,
    ...(clientIp !== undefined && { clientIp }),
  });
  const tenantIds = routes.tenancy === undefined ? undefined : Object.keys(routes.tenancy.tenants);
  const metrics = config.metrics.enabled
    ? createMetrics({
        tools: routes.tools.keys(),
        ...(tenantIds !== undefined && { tenants: tenantIds }),
        bearerToken: config.metrics.bearerToken,
        logger,
        dependencies,
      })
    : undefined;
  const health = config.health.enabled ? createHealth({ logger, dependencies }) : undefined;
  return { httpLimits, metrics, health, close: () => httpLimits.close() };
}
