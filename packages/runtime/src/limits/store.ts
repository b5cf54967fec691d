/**
 * Where rate-limit counts live: in this process (memory-store.ts) or in Redis, shared
 * by every instance (redis-store.ts). express-rate-limit's own stores each count in one
 * window fixed when they are initialised; a manifest has many windows (per route, per
 * tenant, server-wide), so a `LimitStore` counts any window per key behind one small
 * interface (express/rate-limit.ts adapts it back to express-rate-limit's).
 */
/** One counted hit: the hits so far in the current window and when it ends. */
export interface LimitCount {
  readonly totalHits: number;
  /** Epoch milliseconds at which the window (and the count) resets. */
  readonly resetAt: number;
}

export interface LimitStore {
  /** `"memory"` counts in this process; `"redis"` shares counts between instances. */
  readonly kind: "memory" | "redis";
  /**
   * Counts one hit of `key` in a fixed window of `windowMs`; rejects when the store
   * cannot answer. `limit` (the policy's) lets a shared store reserve hits in batches.
   */
  increment(key: string, windowMs: number, limit?: number): Promise<LimitCount>;
  /** The same, at once, for stores that hold their counts in this process; limiters prefer it. */
  readonly incrementSync?: (key: string, windowMs: number) => LimitCount;
  /** Takes one hit of `key` back (express-rate-limit's `skipFailedRequests`). */
  decrement(key: string, windowMs: number): Promise<void>;
  /** Forgets the count of `key` in the window of `windowMs`. */
  reset(key: string, windowMs: number): Promise<void>;
  /** Resolves once the store answers; rejects with a start-up message that names the problem. */
  ready(): Promise<void>;
  /** Releases timers and connections the store owns. */
  close(): Promise<void>;
}

/** What a limiter does when its store fails: let the request through, or refuse it. */
export type StoreFailureMode = "open" | "closed";

/** The largest window: MemoryStore sweeps with `setInterval`, which caps delays at 2^31-1 ms. */
export const MAX_WINDOW_MS = 2 ** 31 - 1;

/** Throws a TypeError naming `name` unless `windowMs` is a usable window. */
export function checkWindow(name: string, windowMs: number): void {
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0 || windowMs > MAX_WINDOW_MS) {
    throw new TypeError(`${name}.windowMs must be an integer from 1 to ${MAX_WINDOW_MS}, got ${String(windowMs)}`);
  }
}
