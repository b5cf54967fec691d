/**
 * The Lua the Redis session store runs. Expiry times in the index come from the Redis
 * server's clock (TIME), not from each instance's, so instances whose clocks drift
 * still agree on which records have expired.
 */
import { REDIS_NOW, redisScript } from "../config/redis-stores.js";

/**
 * A record is a hash: `record` (the JSON as last saved) and the counters `touch`
 * moves without rewriting it, `requests` and `lastSeen`.
 */

/**
 * KEYS: record, index, and the owner's set of sessions when the record has an owner.
 * ARGV: JSON, TTL in ms, id, requests, lastSeen, and the owner's limit (0: none).
 * With a limit, a session new to its owner's set is refused (0, nothing written) when
 * the owner already holds that many live sessions. The record, its index entry and its
 * entry in the owner's set expire together.
 */
export const SAVE = redisScript(`${REDIS_NOW}
local expires = now + tonumber(ARGV[2])
if #KEYS == 3 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  local limit = tonumber(ARGV[6])
  if limit > 0 and not redis.call('ZSCORE', KEYS[3], ARGV[3]) and redis.call('ZCARD', KEYS[3]) >= limit then return 0 end
  redis.call('ZADD', KEYS[3], expires, ARGV[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
end
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'requests', ARGV[4], 'lastSeen', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], expires, ARGV[3])
return 1`);

/** KEYS: record, index, and the owner's set when it has one. ARGV: id. */
export const DELETE = redisScript(`redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if #KEYS == 3 then redis.call('ZREM', KEYS[3], ARGV[1]) end
return 1`);

/** KEYS: index. Drops expired index entries; returns how many remain. */
export const COUNT = redisScript(`${REDIS_NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])`);

/** KEYS: index. Drops expired index entries; returns the ids that remain. */
export const IDS = redisScript(`${REDIS_NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)`);

/** KEYS: record, index, and the owner's set when it has one. ARGV: requests to add, TTL in ms, id. Returns the requests counted, or false when there is no record. */
export const TOUCH = redisScript(`${REDIS_NOW}
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local requests = redis.call('HINCRBY', KEYS[1], 'requests', ARGV[1])
redis.call('HSET', KEYS[1], 'lastSeen', now)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
if #KEYS == 3 then
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
end
return requests`);
