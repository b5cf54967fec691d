/**
 * Concurrency slots in Redis, shared by every instance: one sorted set per key whose
 * members are leases scored by their expiry. Taking a slot drops expired leases and
 * adds one only while fewer than the limit remain, in one Lua script, so two instances
 * can never both take the last slot. Time is Redis's own (`TIME`), so instances whose
 * clocks disagree still agree on expiry.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { DEFAULT_TENANT_CONCURRENCY_LEASE_MS, DEFAULT_TENANT_CONCURRENCY_REDIS_PREFIX } from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import { REDIS_NOW, redisScript, runScript } from "../config/redis-stores.js";
import type { ConcurrencyStore } from "./concurrency-store.js";

const ACQUIRE = redisScript(`
${REDIS_NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

export interface RedisConcurrencyStoreOptions {
  /** A connected ioredis client; the store never closes it. */
  readonly client: Redis;
  /** Key prefix; default `turbomcp:tc:`. */
  readonly prefix?: string;
  /** A slot not given back is freed after this long; default 10 minutes. */
  readonly leaseMs?: number;
  readonly logger?: ServerLogger;
}

/**
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { createRedisConcurrencyStore } from "@turbomcp/runtime/redis";
 * const slots = createRedisConcurrencyStore({ client: new Redis("redis://127.0.0.1:6379") });
 * const lease = await slots.acquire("tenant:acme", 10);
 * if (lease !== undefined) slots.release("tenant:acme", lease);
 * ```
 */
export function createRedisConcurrencyStore(options: RedisConcurrencyStoreOptions): ConcurrencyStore {
  const { client } = options;
  const prefix = options.prefix ?? DEFAULT_TENANT_CONCURRENCY_REDIS_PREFIX;
  const leaseMs = options.leaseMs ?? DEFAULT_TENANT_CONCURRENCY_LEASE_MS;
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1000) throw new TypeError(`leaseMs must be an integer of at least 1000, got ${String(leaseMs)}`);
  const logger = options.logger ?? stderrLogger;
  let failing = false;
  return {
    kind: "redis",
    async acquire(key, limit) {
      const lease = randomUUID();
      const taken = await runScript(client, ACQUIRE, [`${prefix}${key}`], [limit, leaseMs, lease]);
      return taken === 1 ? lease : undefined;
    },
    release(key, lease) {
      client.zrem(`${prefix}${key}`, lease).then(
        () => {
          failing = false;
        },
        (error: unknown) => {
          // The lease expires by itself; say so once per outage, not per request.
          if (!failing) logger.error(`a tenant concurrency slot could not be given back; it frees itself within ${leaseMs} ms`, error);
          failing = true;
        },
      );
    },
    ready: async () => {
      await client.ping();
    },
    close: () => Promise.resolve(),
  };
}
