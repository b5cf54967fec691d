/**
 * The Lua the Redis session store runs. Expiry times in the index come from the Redis
 * server's clock (TIME), not from each instance's, so instances whose clocks drift
 * still agree on which records have expired.
 */
import { REDIS_NOW, redisScript } from "../config/redis-stores.js";

/** KEYS: record, index. ARGV: JSON, TTL in ms, id. The record and its index entry expire together. */
export const SAVE = redisScript(`${REDIS_NOW}
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
return 1`);

/** KEYS: record, index. ARGV: id. */
export const DELETE = redisScript(`redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`);

/** KEYS: index. Drops expired index entries; returns how many remain. */
export const COUNT = redisScript(`${REDIS_NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])`);

/** KEYS: index. Drops expired index entries; returns the ids that remain. */
export const IDS = redisScript(`${REDIS_NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)`);
