/**
 * Where the result cache keeps results: in this process (least recently used go
 * first) or in Redis, shared by every instance. A result is kept as its JSON text, so
 * a hit hands out a fresh copy that no later middleware can change for the next caller.
 */

/** A cached result: its JSON and when it stops being fresh (ms since the epoch). */
export interface CachedResult {
  readonly json: string;
  readonly expiresAt: number;
}

export interface ResultCacheStore {
  /** `"memory"` keeps results in this process; `"redis"` shares them between instances. */
  readonly kind: "memory" | "redis";
  /** The fresh result under `key`, if any. Rejects when a remote store cannot answer. */
  get(key: string): Promise<CachedResult | undefined>;
  /** Keeps `json` under `key` for `ttlMs`. Rejects when a remote store cannot answer. */
  set(key: string, json: string, ttlMs: number): Promise<void>;
}

export interface MemoryResultCacheStoreOptions {
  /** Results kept at most; the least recently used go first. */
  readonly maxEntries: number;
  /** The clock (tests); default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Results in this process. Expired entries are dropped when read or when room is
 * needed, never by a timer, so an idle cache costs nothing.
 *
 * @example
 * ```ts
 * import { createMemoryResultCacheStore, resultCache } from "@turbomcp/runtime";
 * const cache = resultCache({ ttlMs: 30_000, store: createMemoryResultCacheStore({ maxEntries: 100 }) });
 * ```
 */
export function createMemoryResultCacheStore(options: MemoryResultCacheStoreOptions): ResultCacheStore {
  const { maxEntries } = options;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new TypeError(`maxEntries must be an integer ≥ 1, got ${String(maxEntries)}`);
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recently used first.
  const entries = new Map<string, CachedResult>();
  return {
    kind: "memory",
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return Promise.resolve(undefined);
      entries.delete(key);
      if (entry.expiresAt <= now()) return Promise.resolve(undefined);
      entries.set(key, entry);
      return Promise.resolve(entry);
    },
    set(key, json, ttlMs) {
      entries.delete(key);
      entries.set(key, { json, expiresAt: now() + ttlMs });
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return Promise.resolve();
    },
  };
}
