/**
 * Rate limiting as the protocol core sees it: before a route's handler runs, the
 * dispatcher asks the limiter whether the caller may call it now (the route's
 * `policy.rateLimit` from the manifest, and the tenant's). Stores live behind this
 * interface (in memory by default, Redis when configured); the core never knows which.
 */
import type { RateLimitPolicy } from "../config/policies.js";

export type LimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

export interface RouteLimiter {
  /** Counts one hit of `key` under `policy`: whether it is allowed, at once when the store counts in this process. */
  consume(key: string, policy: RateLimitPolicy): LimitDecision | Promise<LimitDecision>;
}
