/**
 * The `RouteLimiter` the dispatcher calls before a route's handler (protocol/limiter.ts):
 * counts the key it is given (route + principal, tenant, …) against the route's policy.
 */
import { DEFAULT_RATE_LIMIT_STORE_FAILURE } from "../config/defaults.js";
import type { LimitDecision, RouteLimiter } from "../protocol/limiter.js";
import { checkFailureMode, countHitNow, type HitOutcome } from "./count.js";
import { createMemoryLimitStore } from "./memory-store.js";
import type { LimitStore, StoreFailureMode } from "./store.js";

export interface RouteLimiterOptions {
  /** Where counts live; default a new in-memory store. */
  readonly store?: LimitStore;
  /** When the store cannot answer: `"open"` (default) allows, `"closed"` refuses. */
  readonly storeFailure?: StoreFailureMode;
}

const ALLOWED: LimitDecision = Object.freeze({ allowed: true });

/** A refusal always asks for some wait, even in the last millisecond of a window. */
function decisionOf(outcome: HitOutcome): LimitDecision {
  return outcome.allowed ? ALLOWED : { allowed: false, retryAfterMs: Math.max(1, outcome.resetMs) };
}

/**
 * A `RouteLimiter` over a `LimitStore`: `limit` hits per key per fixed window, then
 * refusals with the time left in the window.
 *
 * @example
 * ```ts
 * import { createRouteLimiter, createServer } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const server = createServer(routes, { limiter: createRouteLimiter() });
 * ```
 */
export function createRouteLimiter(options: RouteLimiterOptions = {}): RouteLimiter {
  const store = options.store ?? createMemoryLimitStore();
  const failure = checkFailureMode(options.storeFailure, DEFAULT_RATE_LIMIT_STORE_FAILURE);
  return {
    consume(key, policy) {
      const counting = countHitNow(store, key, policy, failure);
      return counting instanceof Promise ? counting.then(decisionOf) : decisionOf(counting);
    },
  };
}
