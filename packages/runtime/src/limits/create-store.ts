/** The one place that picks the store: memory by default, Redis when a URL is configured. */
import type { Redis } from "ioredis";
import type { ServerLogger } from "../protocol/logger.js";
import { createMemoryLimitStore } from "./memory-store.js";
import { createRedisLimitStore } from "./redis-store.js";
import type { LimitStore } from "./store.js";

export interface LimitStoreOptions {
  /** Count in Redis at this URL (shared by every instance); without it, in memory. */
  readonly redisUrl?: string | undefined;
  /** An ioredis client of your own instead of `redisUrl`; never closed by the store. */
  readonly redisClient?: Redis;
  /** Key prefix in Redis; default `turbomcp:rl:`. */
  readonly redisPrefix?: string;
  /** A Redis command slower than this counts as a failure; default 500 ms. */
  readonly redisCommandTimeoutMs?: number;
  /** How long `ready()` waits for Redis; default 5 s. */
  readonly redisConnectTimeoutMs?: number;
  /** The share of a limit an instance reserves from Redis at once; default 0.01 (0: every hit goes to Redis). */
  readonly redisBatchShare?: number;
  readonly logger?: ServerLogger;
}

/**
 * A Redis store when `redisUrl` (or `redisClient`) is given, else one in memory. A bad
 * URL throws here; `await store.ready()` at start-up fails clearly when Redis is down.
 *
 * @example
 * ```ts
 * import { createLimitStore } from "@turbomcp/runtime/redis";
 * const store = createLimitStore({ redisUrl: process.env.REDIS_URL });
 * await store.ready();
 * ```
 */
export function createLimitStore(options: LimitStoreOptions = {}): LimitStore {
  const { redisUrl, redisClient } = options;
  if (redisUrl === undefined && redisClient === undefined) return createMemoryLimitStore();
  return createRedisLimitStore({
    ...(redisUrl !== undefined && { url: redisUrl }),
    ...(redisClient !== undefined && { client: redisClient }),
    ...(options.redisPrefix !== undefined && { prefix: options.redisPrefix }),
    ...(options.redisCommandTimeoutMs !== undefined && { commandTimeoutMs: options.redisCommandTimeoutMs }),
    ...(options.redisConnectTimeoutMs !== undefined && { connectTimeoutMs: options.redisConnectTimeoutMs }),
    ...(options.redisBatchShare !== undefined && { batchShare: options.redisBatchShare }),
    ...(options.logger !== undefined && { logger: options.logger }),
  });
}
