/**
 * One suite for every `ConcurrencyStore` (memory, Redis): the contract the tenant gate
 * relies on. `settle(store)` waits until releases issued so far have landed (a Redis
 * release is fire-and-forget); `pair()` gives two views of one count, as two server
 * instances have.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { ConcurrencyStore } from "@turbomcp/runtime";

export interface ConcurrencyHarness {
  create(): ConcurrencyStore;
  pair(): readonly [ConcurrencyStore, ConcurrencyStore];
  settle(store: ConcurrencyStore): Promise<void>;
}

let unique = 0;
/** Keys no other test (or earlier run on the same Redis) has used. */
function key(label: string): string {
  unique += 1;
  return `tenant:${label}:${process.pid}:${Date.now()}:${unique}`;
}

export function concurrencyStoreSuite(name: string, harness: ConcurrencyHarness): void {
  const opened: ConcurrencyStore[] = [];
  const open = (): ConcurrencyStore => {
    const store = harness.create();
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    for (const store of new Set(opened)) await store.close();
  });

  describe(`ConcurrencyStore contract: ${name}`, () => {
    it("answers ready()", async () => {
      await expect(open().ready()).resolves.toBeUndefined();
    });

    it("grants `limit` slots of a key, refuses the next, and counts other keys apart", async () => {
      const store = open();
      const acme = key("acme");
      const leases = [await store.acquire(acme, 3), await store.acquire(acme, 3), await store.acquire(acme, 3)];
      expect(leases.every((lease) => typeof lease === "string")).toBe(true);
      expect(await store.acquire(acme, 3)).toBeUndefined();
      expect(await store.acquire(key("globex"), 3)).toBeDefined();
    });

    it("frees a slot when a lease is given back", async () => {
      const store = open();
      const acme = key("acme");
      const first = await store.acquire(acme, 1);
      expect(await store.acquire(acme, 1)).toBeUndefined();
      store.release(acme, first!);
      await harness.settle(store);
      expect(await store.acquire(acme, 1)).toBeDefined();
    });

    it("frees one slot when the same lease is given back twice", async () => {
      const store = open();
      const acme = key("acme");
      const first = await store.acquire(acme, 2);
      await store.acquire(acme, 2);
      store.release(acme, first!);
      store.release(acme, first!);
      await harness.settle(store);
      expect(await store.acquire(acme, 2)).toBeDefined();
      expect(await store.acquire(acme, 2)).toBeUndefined();
    });

    it("frees nothing for a lease it never granted", async () => {
      const store = open();
      const acme = key("acme");
      await store.acquire(acme, 1);
      store.release(acme, "not-a-lease");
      await harness.settle(store);
      expect(await store.acquire(acme, 1)).toBeUndefined();
    });

    it("shares one count between two instances", async () => {
      const [one, two] = harness.pair();
      opened.push(one, two);
      const acme = key("acme");
      const lease = await one.acquire(acme, 2);
      expect(await two.acquire(acme, 2)).toBeDefined();
      expect(await one.acquire(acme, 2)).toBeUndefined();
      expect(await two.acquire(acme, 2)).toBeUndefined();
      one.release(acme, lease!);
      await harness.settle(one);
      expect(await two.acquire(acme, 2)).toBeDefined();
    });

    it("never grants more than the limit to requests racing for the last slots", async () => {
      const [one, two] = harness.pair();
      opened.push(one, two);
      const acme = key("acme");
      const granted = await Promise.all(Array.from({ length: 20 }, async (_, index) => (index % 2 === 0 ? one : two).acquire(acme, 5)));
      expect(granted.filter((lease) => lease !== undefined)).toHaveLength(5);
    });
  });
}
