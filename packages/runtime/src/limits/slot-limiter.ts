/**
 * Bounds on requests in progress at once (a tenant's `maxConcurrentRequests`, a
 * principal's share): one slot per request, taken before it is served and given back
 * with its reply. Over a bound the request is refused at once (-32004, HTTP 429 with
 * `Retry-After`) rather than queued: a queue would hold the client's connection and
 * the server's memory for a caller that is already over its share.
 */
import { DEFAULT_RATE_LIMIT_STORE_FAILURE, DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS } from "../config/defaults.js";
import { McpError } from "../protocol/errors.js";
import { NO_RELEASE, type SlotLimiter, type TenantRelease } from "../protocol/tenant-gate.js";
import { createMemoryConcurrencyStore, type ConcurrencyStore } from "./concurrency-store.js";
import type { StoreFailureMode } from "./store.js";

/** How long a refused caller waits before a slot is likely free again. */
const BUSY_RETRY_MS = 1_000;

export function tooMany(message: string, retryAfterMs: number): McpError {
  return new McpError("rate_limited", `${message}: retry in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`, { retryAfterMs });
}

export interface SlotLimiterOptions {
  /** Where slots are held; default in memory. */
  readonly store?: ConcurrencyStore;
  /** When the store cannot answer: `"open"` (default) admits, `"closed"` refuses. */
  readonly storeFailure?: StoreFailureMode;
}

/**
 * @example
 * ```ts
 * import { createSlotLimiter } from "@turbomcp/runtime";
 * const slots = createSlotLimiter();
 * const release = await slots.take("principal:alice", 2, "Too many requests of this caller in progress");
 * release();
 * ```
 */
export function createSlotLimiter(options: SlotLimiterOptions = {}): SlotLimiter {
  const store = options.store ?? createMemoryConcurrencyStore();
  const failOpen = (options.storeFailure ?? DEFAULT_RATE_LIMIT_STORE_FAILURE) === "open";
  return {
    take(key, limit, refusal) {
      const granted = (lease: string | undefined): TenantRelease => {
        if (lease === undefined) throw tooMany(refusal, BUSY_RETRY_MS);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          store.release(key, lease);
        };
      };
      let taking: string | undefined | Promise<string | undefined>;
      try {
        taking = store.acquire(key, limit);
      } catch (error) {
        taking = Promise.reject(error);
      }
      if (!(taking instanceof Promise)) return granted(taking);
      return taking.then(granted, (error: unknown) => {
        if (error instanceof McpError) throw error;
        if (failOpen) return NO_RELEASE;
        throw tooMany("Concurrency limits cannot be checked right now", DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS);
      });
    },
  };
}
