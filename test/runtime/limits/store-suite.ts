/**
 * One suite for every `LimitStore` (STYLE: shared suites per interface), run through
 * the `RouteLimiter` the dispatcher uses and through the store itself.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createRouteLimiter, type LimitStore } from "@turbomcp/runtime";

export interface StoreHarness {
  /** A fresh store on the backend. */
  create(): LimitStore;
  /**
   * Stores for two server instances that share counts: the same store twice in memory
   * (one process), two connections for Redis.
   */
  pair(): readonly [LimitStore, LimitStore];
}

const MINUTE = { limit: 3, windowMs: 60_000 } as const;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let unique = 0;
/** Keys no other test (or earlier run on the same Redis) has used. */
function key(label: string): string {
  unique += 1;
  return `${label}:${process.pid}:${Date.now()}:${unique}`;
}

export function limitStoreSuite(harness: StoreHarness): void {
  const opened: LimitStore[] = [];
  const open = (): LimitStore => {
    const store = harness.create();
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    for (const store of new Set(opened)) await store.close();
  });

  describe("counting", () => {
    it("allows `limit` hits per key, then refuses, without touching other keys", async () => {
      const limiter = createRouteLimiter({ store: open() });
      const alice = key("route:add:alice");
      const bob = key("route:add:bob");
      const decisions = [];
      for (let i = 0; i < 5; i++) decisions.push((await limiter.consume(alice, MINUTE)).allowed);
      expect(decisions).toEqual([true, true, true, false, false]);
      expect(await limiter.consume(bob, MINUTE)).toEqual({ allowed: true });
    });

    it("counts the same key separately in windows of different lengths", async () => {
      const limiter = createRouteLimiter({ store: open() });
      const shared = key("route:shared");
      for (let i = 0; i < 3; i++) await limiter.consume(shared, MINUTE);
      expect((await limiter.consume(shared, MINUTE)).allowed).toBe(false);
      expect((await limiter.consume(shared, { limit: 3, windowMs: 120_000 })).allowed).toBe(true);
    });

    it("reports the hits so far and a reset time inside the window", async () => {
      const store = open();
      const k = key("count");
      const before = Date.now();
      const first = await store.increment(k, 60_000);
      const second = await store.increment(k, 60_000);
      expect([first.totalHits, second.totalHits]).toEqual([1, 2]);
      expect(second.resetAt).toBeGreaterThan(before);
      expect(second.resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
    });

    it("forgets a key on reset and takes a hit back on decrement", async () => {
      const store = open();
      const k = key("reset");
      await store.increment(k, 60_000);
      await store.increment(k, 60_000);
      await store.decrement(k, 60_000);
      expect((await store.increment(k, 60_000)).totalHits).toBe(2);
      await store.reset(k, 60_000);
      expect((await store.increment(k, 60_000)).totalHits).toBe(1);
    });

    it("refuses a bad policy as a bug (TypeError), not as a store outage", async () => {
      const limiter = createRouteLimiter({ store: open(), storeFailure: "open" });
      // Thrown at once or rejected: consume answers synchronously when the store counts in memory.
      await expect(Promise.resolve().then(() => limiter.consume(key("bad"), { limit: 0, windowMs: 1_000 }))).rejects.toThrow(TypeError);
      await expect(Promise.resolve().then(() => limiter.consume(key("bad"), { limit: 1, windowMs: 0 }))).rejects.toThrow(/windowMs/);
    });
  });

  describe("retry-after", () => {
    it("asks a refused caller to wait no longer than the rest of the window", async () => {
      const limiter = createRouteLimiter({ store: open() });
      const k = key("retry");
      for (let i = 0; i < 3; i++) await limiter.consume(k, MINUTE);
      const refused = await limiter.consume(k, MINUTE);
      expect(refused.allowed).toBe(false);
      if (refused.allowed) return;
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(MINUTE.windowMs);
    });

    it("lets the caller in again once the window has reset", async () => {
      const limiter = createRouteLimiter({ store: open() });
      const k = key("window");
      const policy = { limit: 2, windowMs: 300 };
      await limiter.consume(k, policy);
      await limiter.consume(k, policy);
      const refused = await limiter.consume(k, policy);
      expect(refused.allowed).toBe(false);
      if (refused.allowed) return;
      // Waiting as long as the limiter asked is enough: that is what Retry-After promises.
      await delay(refused.retryAfterMs + 20);
      expect(await limiter.consume(k, policy)).toEqual({ allowed: true });
      expect(await limiter.consume(k, policy)).toEqual({ allowed: true });
      expect((await limiter.consume(k, policy)).allowed).toBe(false);
    });
  });

  describe("two server instances", () => {
    it("let exactly `limit` concurrent requests through between them", async () => {
      const [one, two] = harness.pair();
      opened.push(one, two);
      const first = createRouteLimiter({ store: one });
      const second = createRouteLimiter({ store: two });
      const k = key("route:search:carol");
      const policy = { limit: 10, windowMs: 60_000 };
      // consume answers at once from a memory store, with a promise from Redis: both count here.
      const decisions = await Promise.all(Array.from({ length: 40 }, async (_, i) => (i % 2 === 0 ? first : second).consume(k, policy)));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    });

    it("share a large limit: never more than `limit` between them, exactly `limit` once both have spent what they hold", async () => {
      const [one, two] = harness.pair();
      opened.push(one, two);
      const first = createRouteLimiter({ store: one });
      const second = createRouteLimiter({ store: two });
      const k = key("route:search:dave");
      const policy = { limit: 1_000, windowMs: 60_000 };
      let admitted = 0;
      const count = async (limiter: typeof first, times: number): Promise<void> => {
        for (let i = 0; i < times; i++) if ((await limiter.consume(k, policy)).allowed) admitted++;
      };
      // One hit on the first: a shared store may now hold some of the limit there…
      await count(first, 1);
      await count(second, 1_100);
      // …so the second is refused at most a batch (1% of the limit) early, never late.
      expect(admitted).toBeLessThanOrEqual(1_000);
      expect(admitted).toBeGreaterThanOrEqual(990);
      await count(first, 100);
      expect(admitted).toBe(1_000);
    });

    it("let exactly a large `limit` of concurrent requests through between them", async () => {
      const [one, two] = harness.pair();
      opened.push(one, two);
      const limiters = [createRouteLimiter({ store: one }), createRouteLimiter({ store: two })];
      const k = key("route:search:erin");
      // Not a multiple of a batch: the last one reaches past the limit.
      const policy = { limit: 1_005, windowMs: 60_000 };
      const decisions = await Promise.all(Array.from({ length: 1_200 }, async (_, i) => limiters[i % 2]?.consume(k, policy)));
      expect(decisions.filter((decision) => decision?.allowed === true)).toHaveLength(1_005);
    });
  });
}
