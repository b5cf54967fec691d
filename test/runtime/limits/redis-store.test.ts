/**
 * What only the Redis store has: a URL checked at start-up, a server that can be
 * unreachable or go away, and keys other tools can see.
 */
import { Redis } from "ioredis";
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisLimitStore } from "@turbomcp/runtime/redis";
import { createRouteLimiter, type LimitStore, type ServerLogger } from "@turbomcp/runtime";
import { DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS } from "../../../packages/runtime/src/config/defaults.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";

interface Logged {
  readonly errors: string[];
  readonly warnings: string[];
  readonly logger: ServerLogger;
}

function recordingLogger(): Logged {
  const errors: string[] = [];
  const warnings: string[] = [];
  return { errors, warnings, logger: { error: (message) => errors.push(message), warn: (message) => warnings.push(message) } };
}

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/** Retries `probe` until it holds, for things that happen in the background (reconnects); bounded. */
async function eventually(probe: () => Promise<boolean>, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("condition never held");
}

const POLICY = { limit: 2, windowMs: 60_000 };

const stores: LimitStore[] = [];
function track(store: LimitStore): LimitStore {
  stores.push(store);
  return store;
}
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe("Redis limit store: configuration", () => {
  it.each([
    ["not a URL", "127.0.0.1:6379", /redisUrl is not a URL/],
    ["the wrong scheme", "http://127.0.0.1:6379", /must use redis: or rediss:, got http:/],
    ["a port out of range", "redis://127.0.0.1:70000", /redisUrl is not a URL/],
    ["a path that is not a database", "redis://127.0.0.1:6379/cache", /database number/],
  ])("refuses %s at creation, with the expected shape", (_, url, message) => {
    expect(() => createRedisLimitStore({ url })).toThrow(message);
  });

  it("never repeats the password of a bad URL", () => {
    expect(() => createRedisLimitStore({ url: "redis://user:hunter2@127.0.0.1:6379/cache" })).toThrow(/^(?!.*hunter2)/s);
  });

  it("refuses url and client together, and neither", () => {
    const client = new Redis({ lazyConnect: true });
    expect(() => createRedisLimitStore({ url: "redis://127.0.0.1:1", client })).toThrow(/not both/);
    expect(() => createRedisLimitStore({})).toThrow(/needs url or client/);
    client.disconnect();
  });

  it("fails ready() with a start-up message naming the server (without credentials) when nothing answers", async () => {
    const port = await closedPort();
    const store = track(createRedisLimitStore({ url: `redis://user:hunter2@127.0.0.1:${port}/0`, connectTimeoutMs: 300 }));
    const failure = store.ready();
    await expect(failure).rejects.toThrow(`Rate-limit Redis at redis://127.0.0.1:${port}/0 did not answer within 300 ms`);
    await expect(failure).rejects.toThrow(/^(?!.*hunter2)/s);
  });
});

describe("Redis limit store: a real redis-server", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it("keeps counts under the prefix, then the window, then the key", async () => {
    const store = track(createRedisLimitStore({ url: redis.url, prefix: "app:rl:" }));
    await store.ready();
    await store.increment("route:add:alice", 60_000);
    const inspect = new Redis(redis.url);
    try {
      expect(await inspect.get("app:rl:60000:route:add:alice")).toBe("1");
      const ttl = await inspect.pttl("app:rl:60000:route:add:alice");
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      inspect.disconnect();
    }
  });

  it("reserves hits of a large limit in batches of 1%, counts a small one hit by hit, and stops asking once the limit is reached", async () => {
    const store = track(createRedisLimitStore({ url: redis.url, prefix: "batch:rl:" }));
    const limiter = createRouteLimiter({ store });
    const inspect = new Redis(redis.url);
    try {
      for (let i = 0; i < 3; i++) expect(await limiter.consume("large", { limit: 1_000, windowMs: 60_000 })).toEqual({ allowed: true });
      expect(await inspect.get("batch:rl:60000:large")).toBe("10");
      for (let i = 0; i < 3; i++) expect(await limiter.consume("small", { limit: 150, windowMs: 60_000 })).toEqual({ allowed: true });
      expect(await inspect.get("batch:rl:60000:small")).toBe("3");
      const policy = { limit: 300, windowMs: 60_000 };
      for (let i = 0; i < 300; i++) expect(await limiter.consume("full", policy)).toEqual({ allowed: true });
      expect(await inspect.get("batch:rl:60000:full")).toBe("300");
      for (let i = 0; i < 50; i++) expect((await limiter.consume("full", policy)).allowed).toBe(false);
      // The batch that reached the limit told this store the count is full: no refusal asked Redis.
      expect(await inspect.get("batch:rl:60000:full")).toBe("300");
    } finally {
      inspect.disconnect();
    }
  });

  it("counts every hit in Redis with batchShare 0, and refuses a share outside 0…1", async () => {
    expect(() => createRedisLimitStore({ url: redis.url, batchShare: 2 })).toThrow(/batchShare must be a number from 0 to 1, got 2/);
    const store = track(createRedisLimitStore({ url: redis.url, prefix: "exact:rl:", batchShare: 0 }));
    const limiter = createRouteLimiter({ store });
    const inspect = new Redis(redis.url);
    try {
      for (let i = 0; i < 3; i++) await limiter.consume("large", { limit: 1_000_000, windowMs: 60_000 });
      expect(await inspect.get("exact:rl:60000:large")).toBe("3");
    } finally {
      inspect.disconnect();
    }
  });

  it("uses a client it was given and leaves it open on close", async () => {
    const client = new Redis(redis.url);
    try {
      const store = createRedisLimitStore({ client });
      await store.ready();
      expect((await store.increment("own-client", 60_000)).totalHits).toBe(1);
      await store.close();
      expect(await client.ping()).toBe("PONG");
    } finally {
      client.disconnect();
    }
  });
});

describe("Redis limit store: Redis goes away", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it("fails open by default, closed when asked, logs the outage once, and counts again when Redis is back", async () => {
    const logged = recordingLogger();
    const store = track(createRedisLimitStore({ url: redis.url, logger: logged.logger }));
    await store.ready();
    const open = createRouteLimiter({ store });
    const closed = createRouteLimiter({ store, storeFailure: "closed" });
    expect(await open.consume("down:a", POLICY)).toEqual({ allowed: true });

    await redis.stop();
    for (let i = 0; i < 5; i++) expect(await open.consume("down:a", POLICY)).toEqual({ allowed: true });
    expect(await closed.consume("down:b", POLICY)).toEqual({ allowed: false, retryAfterMs: DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS });
    expect(logged.errors).toEqual([expect.stringMatching(/^Rate-limit Redis at redis:\/\/127\.0\.0\.1:\d+ is failing/)]);

    await redis.restart();
    // The restarted server is empty (no scripts, no counts); the store reloads its scripts.
    await eventually(
      async () =>
        await store.increment("back", 60_000).then(
          () => true,
          () => false,
        ),
    );
    expect(await closed.consume("down:c", POLICY)).toEqual({ allowed: true });
    expect(await closed.consume("down:c", POLICY)).toEqual({ allowed: true });
    expect((await closed.consume("down:c", POLICY)).allowed).toBe(false);
    expect(logged.errors).toHaveLength(1);
    expect(logged.warnings).toEqual([expect.stringMatching(/answers again$/)]);
  });

  it("recovers when it was created while Redis was down", async () => {
    await redis.stop();
    const logged = recordingLogger();
    const store = track(createRedisLimitStore({ url: redis.url, logger: logged.logger, connectTimeoutMs: 200 }));
    const limiter = createRouteLimiter({ store, storeFailure: "closed" });
    expect((await limiter.consume("late:a", POLICY)).allowed).toBe(false);
    await redis.restart();
    await eventually(async () => (await limiter.consume("late:probe", { limit: 1_000, windowMs: 60_000 })).allowed);
    expect(await limiter.consume("late:b", POLICY)).toEqual({ allowed: true });
    expect(await limiter.consume("late:b", POLICY)).toEqual({ allowed: true });
    expect((await limiter.consume("late:b", POLICY)).allowed).toBe(false);
  });
});
