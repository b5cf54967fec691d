/**
 * The event store in Redis Streams, so a client can resume an SSE stream on any
 * instance: one Redis stream per SSE stream (`<prefix><session>:<stream>`), entry
 * ids `0-<seq + 1>` (Redis refuses `0-0`, the priming event's), capped (`MAXLEN ~`) and expiring with the idle timeout; a set per
 * session names its streams so they go together when it ends. The client is the
 * application's (ioredis); the store never closes it.
 */
import type { Redis } from "ioredis";
import { DEFAULT_EVENT_STORE_REDIS_PREFIX, DEFAULT_EVENT_STREAM_MAX_EVENTS } from "../config/defaults.js";
import { redisScript, runScript } from "../config/redis-stores.js";
import type { EventStore, StoredEvent } from "./event-store.js";

/** KEYS: stream, the session's set of streams. ARGV: seq, data field ('d' or 'e' for the end), value, TTL ms, max events, stream id. */
const APPEND = redisScript(`redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[5], '0-' .. (tonumber(ARGV[1]) + 1), ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[2], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1`);

export interface RedisEventStoreOptions {
  /** An ioredis client the application created (and closes). */
  readonly client: Redis;
  /** Prefix of every key; default `turbomcp:events:`. */
  readonly keyPrefix?: string;
  /** Events kept per stream (approximately: Redis trims in whole nodes); default 1,000. */
  readonly maxEventsPerStream?: number;
}

/**
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { RedisEventStore } from "@turbomcp/runtime/redis";
 * const eventStore = new RedisEventStore({ client: new Redis(process.env.REDIS_URL!) });
 * ```
 */
export class RedisEventStore implements EventStore {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #maxEvents: number;

  constructor(options: RedisEventStoreOptions) {
    if (typeof options.client?.xadd !== "function") throw new TypeError("RedisEventStore needs an ioredis client as `client`");
    this.#client = options.client;
    this.#prefix = options.keyPrefix ?? DEFAULT_EVENT_STORE_REDIS_PREFIX;
    const max = options.maxEventsPerStream ?? DEFAULT_EVENT_STREAM_MAX_EVENTS;
    if (!Number.isSafeInteger(max) || max < 1) throw new TypeError(`maxEventsPerStream must be a positive integer, got ${String(max)}`);
    this.#maxEvents = max;
  }

  async append(sessionId: string, streamId: string, seq: number, json: string | undefined, ttlMs: number): Promise<void> {
    await runScript(
      this.#client,
      APPEND,
      [this.#stream(sessionId, streamId), this.#index(sessionId)],
      [seq, json === undefined ? "e" : "d", json ?? "1", Math.max(1, Math.ceil(ttlMs)), this.#maxEvents, streamId],
    );
  }

  async after(sessionId: string, streamId: string, seq: number): Promise<StoredEvent[] | undefined> {
    const key = this.#stream(sessionId, streamId);
    const [exists, range] =
      (await this.#client
        .multi()
        .exists(key)
        .xrange(key, `(0-${seq + 1}`, "+")
        .exec()) ?? [];
    const failed = exists?.[0] ?? range?.[0];
    if (failed != null) throw failed;
    if (exists?.[1] !== 1) return undefined;
    const entries = range?.[1] as [string, string[]][];
    return entries.flatMap(([id, fields]) => {
      const eventSeq = Number(id.slice(2)) - 1;
      if (!Number.isSafeInteger(eventSeq)) return [];
      if (fields[0] === "e") return [{ seq: eventSeq }];
      return fields[0] === "d" && typeof fields[1] === "string" ? [{ seq: eventSeq, json: fields[1] }] : [];
    });
  }

  async deleteSession(sessionId: string): Promise<void> {
    const streams = await this.#client.smembers(this.#index(sessionId));
    await this.#client.del(this.#index(sessionId), ...streams.map((streamId) => this.#stream(sessionId, streamId)));
  }

  #stream(sessionId: string, streamId: string): string {
    return `${this.#prefix}${sessionId}:${streamId}`;
  }

  #index(sessionId: string): string {
    return `${this.#prefix}${sessionId}`;
  }
}
