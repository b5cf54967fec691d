/**
 * Counts in this process, with express-rate-limit's `MemoryStore` (one per window).
 * The default: right for one instance; several instances behind a load balancer each
 * count alone, so each lets a client through `limit` times (use Redis there).
 */
import { MemoryStore } from "express-rate-limit";
import { initOptions } from "./init-options.js";
import { checkWindow, type LimitCount, type LimitStore } from "./store.js";

interface Window {
  readonly store: MemoryStore;
  /** The last hit counted: the next one waits for it. */
  tail: Promise<unknown>;
}

/**
 * A `LimitStore` in memory. Counts are lost on restart; expired counts are swept
 * once a window by MemoryStore's own (unref'd) timer.
 *
 * @example
 * ```ts
 * import { createMemoryLimitStore, createRouteLimiter } from "turbomcp/runtime";
 * const limiter = createRouteLimiter({ store: createMemoryLimitStore() });
 * ```
 */
export function createMemoryLimitStore(): LimitStore {
  const windows = new Map<number, Window>();
  const windowOf = (windowMs: number): Window => {
    let window = windows.get(windowMs);
    if (window === undefined) {
      checkWindow("rateLimit", windowMs);
      const store = new MemoryStore();
      store.init(initOptions(windowMs));
      window = { store, tail: Promise.resolve() };
      windows.set(windowMs, window);
    }
    return window;
  };
  return {
    kind: "memory",
    async increment(key, windowMs) {
      const window = windowOf(windowMs);
      // MemoryStore resolves with its live record, so hits counted in one tick would all
      // read the last count (40 concurrent hits, limit 10: none allowed). One at a time,
      // each copies its numbers before the next hit counts.
      const counted = window.tail.then(async (): Promise<LimitCount> => {
        const { totalHits, resetTime } = await window.store.increment(key);
        return { totalHits, resetAt: resetTime?.getTime() ?? Date.now() + windowMs };
      });
      window.tail = counted.catch(() => undefined);
      return counted;
    },
    async decrement(key, windowMs) {
      await windows.get(windowMs)?.store.decrement(key);
    },
    async reset(key, windowMs) {
      await windows.get(windowMs)?.store.resetKey(key);
    },
    ready: async () => undefined,
    async close() {
      for (const { store } of windows.values()) store.shutdown();
      windows.clear();
    },
  };
}
