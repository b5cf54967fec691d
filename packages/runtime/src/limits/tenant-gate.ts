/**
 * The tenant gate the dispatcher calls before serving a request of a tenant
 * (protocol/tenant-gate.ts): the tenant's `rateLimit` counted in the shared limit store
 * under the tenant's own key, then a slot of its `maxConcurrentRequests`. Keys are per
 * tenant, so one tenant exhausting its budget never refuses or slows another. Over a
 * bound the request is refused at once (limits/slot-limiter.ts).
 */
import { createSlotLimiter, tooMany } from "./slot-limiter.js";
import { createRouteLimiter } from "./route-limiter.js";
import type { ConcurrencyStore } from "./concurrency-store.js";
import type { StoreFailureMode } from "./store.js";
import type { LimitDecision, RouteLimiter } from "../protocol/limiter.js";
import { NO_RELEASE, type TenantGate, type TenantRelease } from "../protocol/tenant-gate.js";

export interface TenantGateOptions {
  /** Counts `rateLimit` hits; default an in-memory limiter. Share the route limiter's store to share Redis. */
  readonly limiter?: RouteLimiter;
  /** Holds `maxConcurrentRequests` slots; default in memory. */
  readonly concurrency?: ConcurrencyStore;
  /** When the concurrency store cannot answer: `"open"` (default) admits, `"closed"` refuses. */
  readonly storeFailure?: StoreFailureMode;
}

const BUSY = "Too many requests of this tenant in progress";

/**
 * @example
 * ```ts
 * import { createServer } from "@turbomcp/runtime";
 * import { createTenantGate } from "@turbomcp/runtime/tenancy";
 * import { routes } from "./generated/routes.gen.js";
 * const server = createServer(routes, { tenantGate: createTenantGate() });
 * ```
 */
export function createTenantGate(options: TenantGateOptions = {}): TenantGate {
  const limiter = options.limiter ?? createRouteLimiter();
  const slots = createSlotLimiter({
    ...(options.concurrency !== undefined && { store: options.concurrency }),
    ...(options.storeFailure !== undefined && { storeFailure: options.storeFailure }),
  });
  return {
    enter(tenant) {
      const { rateLimit, maxConcurrentRequests } = tenant.policy;
      const key = `tenant:${tenant.id}`;
      if (rateLimit === undefined) return maxConcurrentRequests === undefined ? NO_RELEASE : slots.take(key, maxConcurrentRequests, BUSY);
      const admitted = (decision: LimitDecision): TenantRelease | Promise<TenantRelease> => {
        if (!decision.allowed) throw tooMany("Too many requests for this tenant", decision.retryAfterMs);
        return maxConcurrentRequests === undefined ? NO_RELEASE : slots.take(key, maxConcurrentRequests, BUSY);
      };
      const deciding = limiter.consume(key, rateLimit);
      return deciding instanceof Promise ? deciding.then(admitted) : admitted(deciding);
    },
  };
}
