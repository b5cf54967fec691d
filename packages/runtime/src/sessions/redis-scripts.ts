/**
 * The Lua the Redis session store runs. Expiry times in the index come from the Redis
 * server's clock (TIME), not from each instance's, so instances whose clocks drift
 * still agree on which records have expired.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

const NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): RedisScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** KEYS: record, index. ARGV: JSON, TTL in ms, id. The record and its index entry expire together. */
export const SAVE = script(`${NOW}
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
return 1`);

/** KEYS: record, index. ARGV: id. */
export const DELETE = script(`redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`);

/** KEYS: index. Drops expired index entries; returns how many remain. */
export const COUNT = script(`${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])`);

/** KEYS: index. Drops expired index entries; returns the ids that remain. */
export const IDS = script(`${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)`);

/** EVALSHA, falling back to EVAL once when the server does not have the script cached (a restart, SCRIPT FLUSH). */
export async function run(client: Redis, { source, sha }: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return client.eval(source, keys.length, ...keys, ...args);
  }
}
