/**
 * The Lua the Redis task store runs. A task is one hash: `task` (the stored task as
 * JSON) and, while the task is unfinished, `runner` (the id of the instance running
 * it). A task without `runner` is terminal, so the scripts need not decode the JSON,
 * which can hold a large result, to know whether it may still change.
 */
import { REDIS_NOW, redisScript } from "../config/redis-stores.js";

/**
 * KEYS: task, index, the runner's heartbeat. ARGV: JSON, ms until the task expires,
 * task id, most tasks held, runner id ('' for a task created finished), lease ms.
 * Drops expired index entries, refuses (0) when the store is full, else writes the
 * task and its index entry, which expire together, and the runner's heartbeat.
 */
export const CREATE = redisScript(`${REDIS_NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 0 end
redis.call('DEL', KEYS[1])
if ARGV[5] == '' then
  redis.call('HSET', KEYS[1], 'task', ARGV[1])
else
  redis.call('HSET', KEYS[1], 'task', ARGV[1], 'runner', ARGV[5])
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[6])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
return 1`);

/**
 * KEYS: task. ARGV: JSON, '1' when the new state is terminal. Writes only over an
 * unfinished task: an expired one stays gone (HEXISTS of a missing key is 0) and a
 * terminal one, a failure another instance recorded included, stays as it is.
 */
export const UPDATE = redisScript(`if redis.call('HEXISTS', KEYS[1], 'runner') == 0 then return 0 end
redis.call('HSET', KEYS[1], 'task', ARGV[1])
if ARGV[2] == '1' then redis.call('HDEL', KEYS[1], 'runner') end
return 1`);

/**
 * KEYS: task, the runner's heartbeat. ARGV: runner id, the failed task's JSON. Records
 * the failure only if that runner still holds the task and its heartbeat is still
 * gone, so it cannot overwrite a result that landed meanwhile; returns the task's JSON
 * as it now is (nil once expired).
 */
export const FAIL_STOPPED_RUNNER = redisScript(`if redis.call('HGET', KEYS[1], 'runner') ~= ARGV[1] or redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.call('HGET', KEYS[1], 'task')
end
redis.call('HSET', KEYS[1], 'task', ARGV[2])
redis.call('HDEL', KEYS[1], 'runner')
return ARGV[2]`);
