/**
 * The result cache in Redis: every instance behind one load balancer serves the
 * results any of them cached. One string per result (`SET … PX`), so Redis expires
 * them itself; a read asks for the value and its time to live in one round trip, so
 * a hit knows how fresh it is by Redis's clock, not by the instance that stored it.
 */
import type { Redis } from "ioredis";
import { RESULT_CACHE_REDIS_PREFIX } from "../config/defaults.js";
import type { ResultCacheStore } from "./result-cache-store.js";

export interface RedisResultCacheStoreOptions {
  /** A connection the caller owns (the store never closes it). */
  readonly client: Redis;
  /** Key prefix; default `turbomcp:cache:`. */
  readonly prefix?: string;
}

export function createRedisResultCacheStore(options: RedisResultCacheStoreOptions): ResultCacheStore {
  const { client } = options;
  const prefix = options.prefix ?? RESULT_CACHE_REDIS_PREFIX;
  return {
    kind: "redis",
    async get(key) {
      const replies = await client
        .multi()
        .get(prefix + key)
        .pttl(prefix + key)
        .exec();
      const [read, ttl] = replies ?? [];
      const failure = read?.[0] ?? ttl?.[0];
      if (failure) throw failure;
      const json = read?.[1];
      const remainingMs = ttl?.[1];
      // No key, or one without an expiry (not ours): a miss.
      if (typeof json !== "string" || typeof remainingMs !== "number" || remainingMs <= 0) return undefined;
      return { json, expiresAt: Date.now() + remainingMs };
    },
    async set(key, json, ttlMs) {
      await client.set(prefix + key, json, "PX", ttlMs);
    },
  };
}
