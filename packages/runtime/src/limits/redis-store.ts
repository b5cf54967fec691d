/**
 * Counts in Redis, shared by every instance that uses the same Redis: rate-limit-redis's
 * `RedisStore` (one per window, atomic Lua increments) over an ioredis connection.
 *
 * The connection is set up to fail fast rather than queue: no offline queue, no
 * command retries, a short command timeout. While Redis is away each count rejects at
 * once and the limiter's `storeFailure` mode decides; ioredis reconnects in the
 * background and counting resumes by itself.
 */
import { Redis } from "ioredis";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import {
  DEFAULT_RATE_LIMIT_REDIS_CONNECT_TIMEOUT_MS,
  DEFAULT_RATE_LIMIT_REDIS_PREFIX,
  DEFAULT_RATE_LIMIT_REDIS_RECONNECT_MAX_MS,
  DEFAULT_RATE_LIMIT_REDIS_TIMEOUT_MS,
} from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import { initOptions } from "./init-options.js";
import { checkRedisUrl } from "../config/redis-url.js";
import { checkWindow, type LimitStore } from "./store.js";

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
  /** Outages are logged once when they start and once when they end. */
  readonly logger?: ServerLogger;
}

interface Window {
  readonly store: RedisStore;
  /** Loads the store's Lua scripts; cleared after a failure so the next count reloads them. */
  loading: Promise<void> | undefined;
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

  const sendCommand = (...args: string[]): Promise<RedisReply> => client.call(...(args as [string, ...string[]])) as Promise<RedisReply>;
  const windows = new Map<number, Window>();
  const windowOf = (windowMs: number): Window => {
    let window = windows.get(windowMs);
    if (window === undefined) {
      checkWindow("rateLimit", windowMs);
      window = { store: new RedisStore({ sendCommand, prefix: `${prefix}${windowMs}:` }), loading: undefined };
      windows.set(windowMs, window);
    }
    return window;
  };

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

  return {
    kind: "redis",
    async increment(key, windowMs) {
      const window = windowOf(windowMs);
      try {
        if (connecting !== undefined) await connecting;
        window.loading ??= window.store.init(initOptions(windowMs));
        await window.loading;
        const { totalHits, resetTime } = await window.store.increment(key);
        answered();
        return { totalHits, resetAt: resetTime?.getTime() ?? Date.now() + windowMs };
      } catch (error) {
        // RedisStore keeps a script load that failed (Redis down) and would never retry it.
        window.loading = undefined;
        failed(error);
        throw error;
      }
    },
    async decrement(key, windowMs) {
      await windowOf(windowMs).store.decrement(key);
    },
    async reset(key, windowMs) {
      await windowOf(windowMs).store.resetKey(key);
    },
    ready: () => whenReady(client, where, connectTimeoutMs),
    async close() {
      windows.clear();
      if (owned) client.disconnect();
    },
  };
}
