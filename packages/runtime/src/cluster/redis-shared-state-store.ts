/**
 * The shared state store on Redis: one hash per name, `version` and `state`, both set
 * by one script so a reader never sees a version with another write's state.
 */
import type { Redis } from "ioredis";
import { DEFAULT_SHARED_STATE_REDIS_PREFIX } from "../config/defaults.js";
import { redisScript, runScript } from "../config/redis-stores.js";
import type { SharedStateStore } from "./shared-state-store.js";

export interface RedisSharedStateStoreOptions {
  readonly client: Redis;
  /** Key prefix; default `turbomcp:shared-state:`. */
  readonly prefix?: string;
}

/** KEYS: the hash. ARGV: the state's JSON. Returns the new version. */
const WRITE = redisScript(`local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'state', ARGV[1])
return version`);

export function createRedisSharedStateStore({ client, prefix = DEFAULT_SHARED_STATE_REDIS_PREFIX }: RedisSharedStateStoreOptions): SharedStateStore {
  return {
    async read(name) {
      const [version, json] = await client.hmget(prefix + name, "version", "state");
      return typeof version === "string" && typeof json === "string" ? { version: Number(version), json } : undefined;
    },
    async write(name, json) {
      return Number(await runScript(client, WRITE, [prefix + name], [json]));
    },
  };
}
