/**
 * Counts in this process: one fixed window per key, starting at the key's first hit
 * (as express-rate-limit's `MemoryStore` counts), kept in a map per window length and
 * swept of expired counts once a window by an unref'd timer. The default: right for one
 * instance; several instances behind a load balancer each count alone, so each lets a
 * client through `limit` times (use Redis there).
 *
 * Counting is synchronous (`incrementSync`): every request passes the per-IP limit and
 * often a principal's, a tenant's and a route's, and a promise chain per count (what an
 * asynchronous store needs) cost more than the count itself on that path.
 */
import { checkWindow, type LimitCount, type LimitStore } from "./store.js";

interface Count {
  hits: number;
  readonly resetAt: number;
}

interface Window {
  readonly counts: Map<string, Count>;
  readonly sweep: NodeJS.Timeout;
}

/**
 * A `LimitStore` in memory. Counts are lost on restart.
 *
 * @example
 * ```ts
 * import { createMemoryLimitStore, createRouteLimiter } from "@turbomcp/runtime";
 * const limiter = createRouteLimiter({ store: createMemoryLimitStore() });
 * ```
 */
export function createMemoryLimitStore(): LimitStore {
  const windows = new Map<number, Window>();
  const countsOf = (windowMs: number): Map<string, Count> => {
    let window = windows.get(windowMs);
    if (window === undefined) {
      checkWindow("rateLimit", windowMs);
      const counts = new Map<string, Count>();
      const sweep = setInterval(() => {
        const now = Date.now();
        for (const [key, count] of counts) if (count.resetAt <= now) counts.delete(key);
      }, windowMs).unref();
      window = { counts, sweep };
      windows.set(windowMs, window);
    }
    return window.counts;
  };
  const incrementSync = (key: string, windowMs: number): LimitCount => {
    const counts = countsOf(windowMs);
    const now = Date.now();
    let count = counts.get(key);
    if (count === undefined || count.resetAt <= now) counts.set(key, (count = { hits: 0, resetAt: now + windowMs }));
    count.hits++;
    return { totalHits: count.hits, resetAt: count.resetAt };
  };
  return {
    kind: "memory",
    incrementSync,
    increment: (key, windowMs) => {
      try {
        return Promise.resolve(incrementSync(key, windowMs));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    async decrement(key, windowMs) {
      const count = windows.get(windowMs)?.counts.get(key);
      if (count !== undefined && count.hits > 0) count.hits--;
    },
    async reset(key, windowMs) {
      windows.get(windowMs)?.counts.delete(key);
    },
    ready: async () => undefined,
    async close() {
      for (const { sweep } of windows.values()) clearInterval(sweep);
      windows.clear();
    },
  };
}
