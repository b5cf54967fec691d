/**
 * The tenant gate the dispatcher calls before serving a request of a tenant
 * (protocol/tenant-gate.ts): the tenant's `rateLimit` counted in the shared limit store
 * under the tenant's own key, then a slot of its `maxConcurrentRequests`. Keys are per
 * tenant, so one tenant exhausting its budget never refuses or slows another. Over a
 * bound the request is refused at once (-32004, HTTP 429 with `Retry-After`) rather
 * than queued: a queue would hold the client's connection and the server's memory for
 * a tenant that is already over its share.
 */
import { DEFAULT_RATE_LIMIT_STORE_FAILURE, DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS } from "../config/defaults.js";
import type { Tenant } from "../handlers/context.js";
import { createMemoryConcurrencyStore, type ConcurrencyStore } from "../limits/concurrency-store.js";
import { createRouteLimiter } from "../limits/route-limiter.js";
import type { StoreFailureMode } from "../limits/store.js";
import { McpError } from "../protocol/errors.js";
import type { RouteLimiter } from "../protocol/limiter.js";
import { NO_RELEASE, type TenantGate, type TenantRelease } from "../protocol/tenant-gate.js";

export interface TenantGateOptions {
  /** Counts `rateLimit` hits; default an in-memory limiter. Share the route limiter's store to share Redis. */
  readonly limiter?: RouteLimiter;
  /** Holds `maxConcurrentRequests` slots; default in memory. */
  readonly concurrency?: ConcurrencyStore;
  /** When the concurrency store cannot answer: `"open"` (default) admits, `"closed"` refuses. */
  readonly storeFailure?: StoreFailureMode;
}

/** How long a refused caller waits before a slot is likely free again. */
const BUSY_RETRY_MS = 1_000;

function tooMany(message: string, retryAfterMs: number): McpError {
  return new McpError("rate_limited", `${message}: retry in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`, { retryAfterMs });
}

/**
 * @example
 * ```ts
 * import { createServer, createTenantGate } from "turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const server = createServer(routes, { tenantGate: createTenantGate() });
 * ```
 */
export function createTenantGate(options: TenantGateOptions = {}): TenantGate {
  const limiter = options.limiter ?? createRouteLimiter();
  const slots = options.concurrency ?? createMemoryConcurrencyStore();
  const failOpen = (options.storeFailure ?? DEFAULT_RATE_LIMIT_STORE_FAILURE) === "open";

  const takeSlot = (tenant: Tenant, limit: number): TenantRelease | Promise<TenantRelease> => {
    const key = `tenant:${tenant.id}`;
    const granted = (lease: string | undefined): TenantRelease => {
      if (lease === undefined) throw tooMany("Too many requests of this tenant in progress", BUSY_RETRY_MS);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        slots.release(key, lease);
      };
    };
    let taking: string | undefined | Promise<string | undefined>;
    try {
      taking = slots.acquire(key, limit);
    } catch (error) {
      taking = Promise.reject(error);
    }
    if (!(taking instanceof Promise)) return granted(taking);
    return taking.then(granted, (error: unknown) => {
      if (error instanceof McpError) throw error;
      if (failOpen) return NO_RELEASE;
      throw tooMany("Tenant limits cannot be checked right now", DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS);
    });
  };

  return {
    enter(tenant) {
      const { rateLimit, maxConcurrentRequests } = tenant.policy;
      if (rateLimit === undefined) return maxConcurrentRequests === undefined ? NO_RELEASE : takeSlot(tenant, maxConcurrentRequests);
      return limiter.consume(`tenant:${tenant.id}`, rateLimit).then((decision) => {
        if (!decision.allowed) throw tooMany("Too many requests for this tenant", decision.retryAfterMs);
        return maxConcurrentRequests === undefined ? NO_RELEASE : takeSlot(tenant, maxConcurrentRequests);
      });
    },
  };
}
