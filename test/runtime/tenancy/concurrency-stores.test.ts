/** The shared ConcurrencyStore suite against memory and a real redis-server, plus what only Redis has: leases that expire. */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryConcurrencyStore, type ConcurrencyStore } from "@turbomcp/runtime";
import { createRedisConcurrencyStore } from "@turbomcp/runtime/redis";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { concurrencyStoreSuite } from "./concurrency-suite.js";
import { quiet } from "./kit.js";

describe("memory concurrency store", () => {
  concurrencyStoreSuite("memory", {
    create: () => createMemoryConcurrencyStore(),
    pair: () => {
      const store = createMemoryConcurrencyStore();
      return [store, store];
    },
    settle: () => Promise.resolve(),
  });
});

describe("Redis concurrency store (real redis-server)", () => {
  let redis: RedisServer;
  const clients = new Map<ConcurrencyStore, Redis>();
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients.values()) client.disconnect();
    await redis.stop();
  });

  const create = (leaseMs?: number): ConcurrencyStore => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const store = createRedisConcurrencyStore({ client, logger: quiet, ...(leaseMs !== undefined && { leaseMs }) });
    clients.set(store, client);
    return store;
  };
  // A release is sent on the store's own connection: a PING after it returns once it has run.
  const settle = async (store: ConcurrencyStore): Promise<void> => void (await clients.get(store)?.ping());

  concurrencyStoreSuite("redis", { create: () => create(), pair: () => [create(), create()], settle });

  it("frees the slot of an instance that never gave it back once its lease expires", async () => {
    const crashed = create(1000);
    const survivor = create(1000);
    const key = `tenant:expiry:${process.pid}:${Date.now()}`;
    expect(await crashed.acquire(key, 1)).toBeDefined();
    expect(await survivor.acquire(key, 1)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await survivor.acquire(key, 1)).toBeDefined();
  });

  it("refuses a lease shorter than a second", () => {
    expect(() => createRedisConcurrencyStore({ client: new Redis({ lazyConnect: true }), leaseMs: 999 })).toThrow(
      /leaseMs must be an integer of at least 1000/,
    );
  });
});
