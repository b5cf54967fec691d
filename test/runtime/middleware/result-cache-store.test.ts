/**
 * One suite for every result cache store: in memory and on a real redis-server.
 * Each gets a fresh store; expiry is real time on both (short TTLs), since Redis
 * keeps its own clock. Memory's eviction of the least recently used is its own case.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisResultCacheStore } from "../../../packages/runtime/src/entries/redis.js";
import { createMemoryResultCacheStore, type ResultCacheStore } from "../../../packages/runtime/src/index.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: RedisServer;
let client: Redis;
let prefixes = 0;
beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(redis.url);
});
afterAll(async () => {
  client.disconnect();
  await redis?.stop();
});

const stores: readonly (readonly [string, () => ResultCacheStore])[] = [
  ["memory", () => createMemoryResultCacheStore({ maxEntries: 100 })],
  ["redis", () => createRedisResultCacheStore({ client, prefix: `test:cache:${++prefixes}:` })],
];

describe.each(stores)("the %s result cache store", (kind, make) => {
  it("says what it is", () => {
    expect(make().kind).toBe(kind);
  });

  it("misses a key it never kept, and gives back what it kept with when it expires", async () => {
    const store = make();
    expect(await store.get("absent")).toBeUndefined();
    const before = Date.now();
    await store.set("k", '{"content":[]}', 60_000);
    const hit = await store.get("k");
    expect(hit?.json).toBe('{"content":[]}');
    expect(hit?.expiresAt).toBeGreaterThan(before + 55_000);
    expect(hit?.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it("replaces a kept result", async () => {
    const store = make();
    await store.set("k", '"one"', 60_000);
    await store.set("k", '"two"', 60_000);
    expect((await store.get("k"))?.json).toBe('"two"');
  });

  it("forgets a result once its time to live has passed", async () => {
    const store = make();
    await store.set("short", '"x"', 50);
    await store.set("long", '"y"', 60_000);
    await pause(120);
    expect(await store.get("short")).toBeUndefined();
    expect((await store.get("long"))?.json).toBe('"y"');
  });
});

describe("the memory result cache store", () => {
  it("lets the least recently used result go when full", async () => {
    const store = createMemoryResultCacheStore({ maxEntries: 2 });
    await store.set("a", "1", 60_000);
    await store.set("b", "2", 60_000);
    await store.get("a");
    await store.set("c", "3", 60_000);
    expect(await store.get("b")).toBeUndefined();
    expect((await store.get("a"))?.json).toBe("1");
    expect((await store.get("c"))?.json).toBe("3");
  });

  it("refuses a size that is not an integer ≥ 1", () => {
    expect(() => createMemoryResultCacheStore({ maxEntries: 0 })).toThrow(/maxEntries must be an integer ≥ 1/);
  });
});

describe("the Redis result cache store", () => {
  it("reads a key another program left without an expiry as a miss, and rejects when Redis cannot answer", async () => {
    const store = createRedisResultCacheStore({ client, prefix: "test:foreign:" });
    await client.set("test:foreign:k", "not ours");
    expect(await store.get("k")).toBeUndefined();
    const gone = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    await expect(createRedisResultCacheStore({ client: gone }).get("k")).rejects.toThrow();
    gone.disconnect();
  });
});
