/**
 * Session records in Redis, so every instance behind a load balancer sees which
 * sessions exist, serves them, and counts their requests together. Each record is a
 * hash with a TTL: the JSON as saved, plus the counters `touch` moves (`requests`,
 * `lastSeen`); a sorted set indexes the ids by expiry time so `count()` and `list()`
 * need no `SCAN`, and one per owner holds its sessions, so `maxSessionsPerPrincipal`
 * counts them on every instance. The client is the application's (ioredis), shared with other stores; this
 * store never closes it.
 */
import type { Redis } from "ioredis";
import { DEFAULT_SESSION_REDIS_PREFIX } from "../config/defaults.js";
import { parseStored, runScript } from "../config/redis-stores.js";
import { LOG_LEVELS } from "../protocol/log-levels.js";
import { COUNT, DELETE, IDS, SAVE, TOUCH } from "./redis-scripts.js";
import type { SessionRecord, SharedSessionStore } from "./store.js";

export interface RedisSessionStoreOptions {
  /** An ioredis client the application created (and closes). */
  readonly client: Redis;
  /**
   * Prefix of every key this store writes; default `turbomcp:sessions:`. Records are
   * `<prefix>rec:<id>`, the index `<prefix>index`, each owner's sessions `<prefix>owner:<owner>`.
   */
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
    (record.protocolVersion === undefined || typeof record.protocolVersion === "string") &&
    (record.clientCapabilities === undefined || (typeof record.clientCapabilities === "object" && record.clientCapabilities !== null)) &&
    (record.logLevel === undefined || (LOG_LEVELS as readonly unknown[]).includes(record.logLevel)) &&
    (record.subscriptions === undefined || (Array.isArray(record.subscriptions) && record.subscriptions.every((key) => typeof key === "string")))
  );
}

/** The record as saved, with the counters `touch` moved since; undefined when absent or not a session record. */
function readRecord([json, requests, lastSeen]: readonly (string | null)[]): SessionRecord | undefined {
  const record = parseStored(json ?? null, isRecord);
  if (record === undefined) return undefined;
  return { ...record, requests: Number(requests ?? record.requests), lastSeen: Number(lastSeen ?? record.lastSeen) };
}

const FIELDS = ["record", "requests", "lastSeen"] as const;

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
function ttl(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}

export class RedisSessionStore implements SharedSessionStore {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #index: string;
  readonly #owners: string;

  constructor(options: RedisSessionStoreOptions) {
    if (typeof options.client?.evalsha !== "function") throw new TypeError("RedisSessionStore needs an ioredis client as `client`");
    this.#client = options.client;
    const prefix = options.keyPrefix ?? DEFAULT_SESSION_REDIS_PREFIX;
    // `rec:` since records became hashes: a string record of an older version under `id:` is never read as one.
    this.#prefix = `${prefix}rec:`;
    this.#index = `${prefix}index`;
    this.#owners = `${prefix}owner:`;
  }

  async save(record: SessionRecord, ttlMs: number): Promise<void> {
    await this.#save(record, ttlMs, 0);
  }

  async claim(record: SessionRecord, ttlMs: number, maxPerOwner: number): Promise<boolean> {
    return (await this.#save(record, ttlMs, maxPerOwner)) === 1;
  }

  #save(record: SessionRecord, ttlMs: number, maxPerOwner: number): Promise<unknown> {
    return runScript(this.#client, SAVE, this.#keys(record.id, record.owner), [
      JSON.stringify(record),
      ttl(ttlMs),
      record.id,
      record.requests,
      record.lastSeen,
      maxPerOwner,
    ]);
  }

  /** A record's keys: the record, the index, and its owner's set of sessions when it has an owner. */
  #keys(id: string, owner: string | undefined): string[] {
    const keys = [this.#prefix + id, this.#index];
    if (owner !== undefined) keys.push(this.#owners + owner);
    return keys;
  }

  async touch(id: string, requests: number, ttlMs: number, owner?: string): Promise<number | undefined> {
    const counted = await runScript(this.#client, TOUCH, this.#keys(id, owner), [requests, ttl(ttlMs), id]);
    return typeof counted === "number" ? counted : undefined;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    try {
      return readRecord(await this.#client.hmget(this.#prefix + id, ...FIELDS));
    } catch (error) {
      // Another program's key of another type under the store's prefix reads as no record.
      if (error instanceof Error && error.message.startsWith("WRONGTYPE")) return undefined;
      throw error;
    }
  }

  async delete(id: string, owner?: string): Promise<void> {
    await runScript(this.#client, DELETE, this.#keys(id, owner), [id]);
  }

  async count(): Promise<number> {
    return Number(await runScript(this.#client, COUNT, [this.#index], []));
  }

  async list(): Promise<SessionRecord[]> {
    const ids = (await runScript(this.#client, IDS, [this.#index], [])) as string[];
    if (ids.length === 0) return [];
    const pipeline = this.#client.pipeline();
    for (const id of ids) pipeline.hmget(this.#prefix + id, ...FIELDS);
    const replies = (await pipeline.exec()) ?? [];
    // A record that expired between the index read and this one reads as nulls; a key of another type as an error.
    return replies.flatMap(([error, fields]) => (error === null && Array.isArray(fields) ? (readRecord(fields as (string | null)[]) ?? []) : []));
  }
}
