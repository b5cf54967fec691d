/**
 * Session records in Redis, so every instance behind a load balancer sees which
 * sessions exist and their counts. Each record is one JSON string with a TTL (`SET …
 * PX`); a sorted set indexes the ids by expiry time so `count()` and `list()` need no
 * `SCAN`. The client is the application's (ioredis), shared with other stores; this
 * store never closes it.
 */
import type { Redis } from "ioredis";
import { DEFAULT_SESSION_REDIS_PREFIX } from "../config/defaults.js";
import { parseStored, runScript } from "../config/redis-stores.js";
import { COUNT, DELETE, IDS, SAVE } from "./redis-scripts.js";
import type { SessionRecord, SessionStore } from "./store.js";

export interface RedisSessionStoreOptions {
  /** An ioredis client the application created (and closes). */
  readonly client: Redis;
  /** Prefix of every key this store writes; default `turbomcp:sessions:`. Records are `<prefix>id:<id>`, the index `<prefix>index`. */
  readonly keyPrefix?: string;
}

function isRecord(value: unknown): value is SessionRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === "string" &&
    typeof record.created === "number" &&
    typeof record.lastSeen === "number" &&
    typeof record.requests === "number" &&
    (record.owner === undefined || typeof record.owner === "string") &&
    (record.protocolVersion === undefined || typeof record.protocolVersion === "string")
  );
}

/**
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { RedisSessionStore } from "@turbomcp/runtime/redis";
 * import { SessionManager } from "@turbomcp/runtime/http";
 * const store = new RedisSessionStore({ client: new Redis("redis://127.0.0.1:6379") });
 * const sessions = new SessionManager({ store });
 * ```
 */
export class RedisSessionStore implements SessionStore {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #index: string;

  constructor(options: RedisSessionStoreOptions) {
    if (typeof options.client?.evalsha !== "function") throw new TypeError("RedisSessionStore needs an ioredis client as `client`");
    this.#client = options.client;
    const prefix = options.keyPrefix ?? DEFAULT_SESSION_REDIS_PREFIX;
    this.#prefix = `${prefix}id:`;
    this.#index = `${prefix}index`;
  }

  async save(record: SessionRecord, ttlMs: number): Promise<void> {
    await runScript(this.#client, SAVE, [this.#prefix + record.id, this.#index], [JSON.stringify(record), Math.max(1, Math.ceil(ttlMs)), record.id]);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return parseStored(await this.#client.get(this.#prefix + id), isRecord);
  }

  async delete(id: string): Promise<void> {
    await runScript(this.#client, DELETE, [this.#prefix + id, this.#index], [id]);
  }

  async count(): Promise<number> {
    return Number(await runScript(this.#client, COUNT, [this.#index], []));
  }

  async list(): Promise<SessionRecord[]> {
    const ids = (await runScript(this.#client, IDS, [this.#index], [])) as string[];
    if (ids.length === 0) return [];
    const values = await this.#client.mget(ids.map((id) => this.#prefix + id));
    return values.flatMap((json) => parseStored(json, isRecord) ?? []);
  }
}
