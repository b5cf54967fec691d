/**
 * One hit against one policy, with the store's failure handled the same way for every
 * limiter: `"open"` lets the request through uncounted, `"closed"` refuses it.
 */
import { DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS } from "../config/defaults.js";
import type { RateLimitPolicy } from "../config/policies.js";
import { checkWindow, type LimitCount, type LimitStore, type StoreFailureMode } from "./store.js";

export interface HitOutcome {
  readonly allowed: boolean;
  /** False when the store failed and `storeFailure` decided: there are no counts to report. */
  readonly counted: boolean;
  /** Hits left in this window after this one. */
  readonly remaining: number;
  /** Milliseconds until the window resets (refused: until a retry can succeed). */
  readonly resetMs: number;
}

/** Throws a TypeError naming `name` unless `policy` is usable (a bad policy is a bug, not a store outage). */
export function checkPolicy(name: string, policy: RateLimitPolicy): void {
  if (!Number.isSafeInteger(policy.limit) || policy.limit < 1) throw new TypeError(`${name}.limit must be a positive integer, got ${String(policy.limit)}`);
  checkWindow(name, policy.windowMs);
}

function outcomeOf(count: LimitCount, policy: RateLimitPolicy): HitOutcome {
  return {
    allowed: count.totalHits <= policy.limit,
    counted: true,
    remaining: Math.max(0, policy.limit - count.totalHits),
    resetMs: Math.max(0, count.resetAt - Date.now()),
  };
}

function storeFailed(policy: RateLimitPolicy, failure: StoreFailureMode): HitOutcome {
  // The store logs its outages; a log line per request would flood the log.
  return failure === "open"
    ? { allowed: true, counted: false, remaining: policy.limit, resetMs: 0 }
    : { allowed: false, counted: false, remaining: 0, resetMs: DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS };
}

/**
 * One hit against `policy`: at once from a store that counts in this process, else a
 * promise. Callers that can use a synchronous answer save the promise per request.
 */
export function countHitNow(store: LimitStore, key: string, policy: RateLimitPolicy, failure: StoreFailureMode): HitOutcome | Promise<HitOutcome> {
  checkPolicy("rateLimit", policy);
  if (store.incrementSync !== undefined) {
    try {
      return outcomeOf(store.incrementSync(key, policy.windowMs), policy);
    } catch {
      return storeFailed(policy, failure);
    }
  }
  return store.increment(key, policy.windowMs, policy.limit).then(
    (count) => outcomeOf(count, policy),
    () => storeFailed(policy, failure),
  );
}

export function checkFailureMode(value: string | undefined, fallback: StoreFailureMode): StoreFailureMode {
  if (value === undefined) return fallback;
  if (value !== "open" && value !== "closed") throw new TypeError(`storeFailure must be "open" or "closed", got ${JSON.stringify(value)}`);
  return value;
}
