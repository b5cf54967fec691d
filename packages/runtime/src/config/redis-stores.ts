/**
 * What the stores that keep state in Redis share (sessions, the authorization server):
 * Lua scripts, each its source and SHA-1, sent as EVALSHA and, once, as EVAL when the
 * server does not have it cached; and reading a stored JSON value back, where a value
 * that is not a record of its kind reads as absent. Type-only ioredis: the caller
 * brings the client.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** Lua that sets `now` to the Redis server's clock in ms (TIME), so instances whose clocks drift agree. */
export const REDIS_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

export function redisScript(source: string): RedisScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** EVALSHA, falling back to EVAL once when the server does not have the script cached (a restart, SCRIPT FLUSH). */
export async function runScript(client: Redis, { source, sha }: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return client.eval(source, keys.length, ...keys, ...args);
  }
}

/** A stored JSON value as a record, or undefined when it is missing or not a record (another program's key under the store's prefix). */
export function parseStored<T>(json: string | null, isRecord: (value: unknown) => value is T): T | undefined {
  if (json === null) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
