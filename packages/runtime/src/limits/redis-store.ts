/**
 * Counts in Redis, shared by every instance that uses the same Redis: one integer per
 * key and window (`<prefix><windowMs>:<key>`), raised by an atomic Lua script that
 * also starts the window's expiry, over an ioredis connection. Hits are reserved in
 * small batches (hit-reservations.ts), so a busy key costs a round trip per batch,
 * not per request; limits too small for batches are counted hit by hit.
 *
 * The connection is set up to fail fast rather than queue: no offline queue, no
 * command retries, a short command timeout. While Redis is away each count rejects at
 * once and the limiter's `storeFailure` mode decides; ioredis reconnects in the
 * background and counting resumes by itself.
 */
import { Redis } from "ioredis";
import {
  DEFAULT_RATE_LIMIT_REDIS_BATCH_SHARE,
  DEFAULT_RATE_LIMIT_REDIS_CONNECT_TIMEOUT_MS,
  DEFAULT_RATE_LIMIT_REDIS_MAX_BATCH,
  DEFAULT_RATE_LIMIT_REDIS_PREFIX,
  DEFAULT_RATE_LIMIT_REDIS_RECONNECT_MAX_MS,
  DEFAULT_RATE_LIMIT_REDIS_SWEEP_MS,
  DEFAULT_RATE_LIMIT_REDIS_TIMEOUT_MS,
} from "../config/defaults.js";
import { redisScript, runScript } from "../config/redis-stores.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import { checkRedisUrl } from "../config/redis-url.js";
import { createHitReservations, type SharedCount } from "./hit-reservations.js";
import { checkWindow, type LimitStore } from "./store.js";

/** Adds ARGV[1] hits; a new key gets the window (ARGV[2] ms) as its expiry. Returns the count and the ms left. */
const RESERVE = redisScript(`
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {total, ttl}
`);

export interface RedisLimitStoreOptions {
  /** `redis://[user:password@]host[:port][/db]` (or `rediss://`). The store owns this connection. */
  readonly url?: string;
  /** An ioredis client of your own instead of `url`; the store never closes it. */
  readonly client?: Redis;
  /** Key prefix; default `turbomcp:rl:`. The window (ms) and the limiter's key follow it. */
  readonly prefix?: string;
  /** A command slower than this fails; default 500 ms. Only for a connection from `url`. */
  readonly commandTimeoutMs?: number;
  /** How long `ready()` waits for Redis; default 5 s. */
  readonly connectTimeoutMs?: number;
  /**
   * The share of a policy's limit an instance reserves at once (default 0.01, at most
   * 100 hits): other instances may be refused that much early. 0 counts every hit in Redis.
   */
  readonly batchShare?: number;
  /** Outages are logged once when they start and once when they end. */
  readonly logger?: ServerLogger;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function connect(url: string, commandTimeout: number, connectTimeout: number): Redis {
  const client = new Redis(url, {
    commandTimeout,
    connectTimeout,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(times * 100, DEFAULT_RATE_LIMIT_REDIS_RECONNECT_MAX_MS),
    connectionName: "turbomcp-rate-limits",
  });
  // ioredis reports every failed reconnect as an "error" event, which would crash the
  // process unhandled; outages are logged from the counts that fail instead.
  client.on("error", () => undefined);
  return client;
}

/** Resolves when `client` is ready; rejects after `timeoutMs` with the last connection error. */
function whenReady(client: Redis, where: string, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError: unknown;
    const onError = (error: unknown): void => {
      lastError = error;
    };
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("error", onError);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onReady = (): void => finish();
    const timer = setTimeout(() => {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : "";
      finish(new Error(`Rate-limit Redis at ${where} did not answer within ${timeoutMs} ms${reason}`));
    }, timeoutMs);
    timer.unref();
    client.on("ready", onReady);
    client.on("error", onError);
  });
}

/**
 * A `LimitStore` in Redis. Bad URLs and options throw here; call `ready()` at start-up
 * to fail clearly when Redis cannot be reached.
 *
 * @example
 * ```ts
 * import { createRedisLimitStore } from "@turbomcp/runtime/redis";
 * import { createRouteLimiter } from "@turbomcp/runtime";
 * const store = createRedisLimitStore({ url: "redis://127.0.0.1:6379" });
 * await store.ready();
 * const limiter = createRouteLimiter({ store });
 * ```
 */
export function createRedisLimitStore(options: RedisLimitStoreOptions): LimitStore {
  const logger = options.logger ?? stderrLogger;
  const prefix = options.prefix ?? DEFAULT_RATE_LIMIT_REDIS_PREFIX;
  const connectTimeoutMs = positive("connectTimeoutMs", options.connectTimeoutMs, DEFAULT_RATE_LIMIT_REDIS_CONNECT_TIMEOUT_MS);
  const commandTimeoutMs = positive("commandTimeoutMs", options.commandTimeoutMs, DEFAULT_RATE_LIMIT_REDIS_TIMEOUT_MS);
  const { url, client: given } = options;
  if (url !== undefined && given !== undefined) throw new TypeError("createRedisLimitStore takes url or client, not both");
  let client: Redis;
  let where: string;
  if (url !== undefined) {
    where = checkRedisUrl("redisUrl", url);
    client = connect(url, commandTimeoutMs, connectTimeoutMs);
  } else if (given !== undefined) {
    client = given;
    where = "the given client";
  } else {
    throw new TypeError("createRedisLimitStore needs url or client");
  }
  const owned = url !== undefined;
  // Without an offline queue, commands sent while the first connection is still being
  // made would fail; the first counts wait for it instead (at most connectTimeoutMs).
  let connecting: Promise<void> | undefined = whenReady(client, where, connectTimeoutMs).then(
    () => (connecting = undefined),
    () => (connecting = undefined),
  );

  const share = options.batchShare ?? DEFAULT_RATE_LIMIT_REDIS_BATCH_SHARE;
  if (!Number.isFinite(share) || share < 0 || share > 1) throw new TypeError(`batchShare must be a number from 0 to 1, got ${String(share)}`);
  const redisKey = (key: string, windowMs: number): string => `${prefix}${windowMs}:${key}`;

  let healthy = true;
  const failed = (error: unknown): void => {
    if (!healthy) return;
    healthy = false;
    logger.error(`Rate-limit Redis at ${where} is failing; limiters apply their storeFailure mode until it answers`, error);
  };
  const answered = (): void => {
    if (healthy) return;
    healthy = true;
    logger.warn(`Rate-limit Redis at ${where} answers again`);
  };

  const reserve = async (key: string, windowMs: number, hits: number): Promise<SharedCount> => {
    checkWindow("rateLimit", windowMs);
    try {
      if (connecting !== undefined) await connecting;
      const reply = await runScript(client, RESERVE, [redisKey(key, windowMs)], [hits, windowMs]);
      answered();
      const [total, ttl] = reply as [number, number];
      return { total, resetAt: Date.now() + ttl };
    } catch (error) {
      failed(error);
      throw error;
    }
  };
  const reservations = createHitReservations({
    reserve,
    giveBack: async (key, windowMs) => {
      await client.decr(redisKey(key, windowMs));
    },
    forget: async (key, windowMs) => {
      await client.del(redisKey(key, windowMs));
    },
    share,
    maxBatch: DEFAULT_RATE_LIMIT_REDIS_MAX_BATCH,
  });
  // Refused keys are held until their window ends; the sweep keeps a flood of one-off
  // keys (per-IP limits under attack) from piling up.
  const sweeper = setInterval(() => reservations.sweep(), DEFAULT_RATE_LIMIT_REDIS_SWEEP_MS);
  sweeper.unref();

  return {
    kind: "redis",
    increment: (key, windowMs, limit) => reservations.increment(key, windowMs, limit),
    decrement: (key, windowMs) => reservations.decrement(key, windowMs),
    reset: (key, windowMs) => reservations.reset(key, windowMs),
    ready: () => whenReady(client, where, connectTimeoutMs),
    async close() {
      clearInterval(sweeper);
      if (owned) client.disconnect();
    },
  };
}
