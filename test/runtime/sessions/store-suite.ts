/**
 * One suite for every `SessionStore` (the memory default and Redis): the contract the
 * session manager relies on. `open()` gives a fresh, empty store; `peer(store)` a
 * second view of the same data, as another instance behind the load balancer has.
 */
import { describe, expect, it } from "vitest";
import type { SessionRecord, SharedSessionStore } from "../../../packages/runtime/src/entries/http.js";

export interface StoreFixture {
  open(): Promise<SharedSessionStore>;
  peer(store: SharedSessionStore): Promise<SharedSessionStore>;
}

const LONG = 60_000;

function record(id: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return { id, created: 1_700_000_000_000, lastSeen: 1_700_000_000_500, requests: 1, ...extra };
}

/** Polls until `check` holds; the test's timeout bounds the wait, so nothing here measures time. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

export function sessionStoreSuite(name: string, fixture: StoreFixture): void {
  describe(`SessionStore contract: ${name}`, () => {
    it("returns a saved record as it was saved, optional fields included or left out", async () => {
      const store = await fixture.open();
      const bare = record("a");
      const full = record("b", { owner: "user-1", protocolVersion: "2025-11-25", requests: 7 });
      await store.save(bare, LONG);
      await store.save(full, LONG);
      expect(await store.get("a")).toEqual(bare);
      expect(await store.get("a")).not.toHaveProperty("owner");
      expect(await store.get("b")).toEqual(full);
    });

    it("touch counts a request on the record, stamps lastSeen, and keeps the rest as saved, for every view", async () => {
      const store = await fixture.open();
      const other = await fixture.peer(store);
      const saved = record("a", { requests: 3, owner: "user-1", protocolVersion: "2025-11-25", clientCapabilities: { roots: {} }, logLevel: "info" });
      await store.save(saved, LONG);
      const before = Date.now();
      expect(await store.touch("a", 1, LONG)).toBe(4);
      expect(await other.touch("a", 1, LONG)).toBe(5);
      expect(await store.touch("a", 0, LONG)).toBe(5);
      const touched = await other.get("a");
      expect(touched).toEqual({ ...saved, requests: 5, lastSeen: touched?.lastSeen });
      expect(touched!.lastSeen).toBeGreaterThanOrEqual(before - 1_000);
    });

    it("touch never creates a record, and answers undefined for a missing one", async () => {
      const store = await fixture.open();
      expect(await store.touch("missing", 1, LONG)).toBeUndefined();
      expect(await store.get("missing")).toBeUndefined();
      await store.save(record("gone"), LONG);
      await store.delete("gone");
      expect(await store.touch("gone", 1, LONG)).toBeUndefined();
      expect(await store.count()).toBe(0);
    });

    it("touch renews the TTL", async () => {
      const store = await fixture.open();
      // Four touches 400 ms apart keep alive, for 1.6 s, a record whose TTL is 1 s.
      await store.save(record("a"), 1_000);
      for (let round = 0; round < 4; round++) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(await store.touch("a", 0, 1_000)).toBe(1);
      }
      expect(await store.get("a")).toBeDefined();
      await eventually(async () => (await store.get("a")) === undefined);
    });

    it("has no record for an id never saved", async () => {
      const store = await fixture.open();
      expect(await store.get("missing")).toBeUndefined();
      expect(await store.count()).toBe(0);
      expect(await store.list()).toEqual([]);
    });

    it("replaces a record on a second save", async () => {
      const store = await fixture.open();
      await store.save(record("a"), LONG);
      await store.save(record("a", { requests: 2, lastSeen: 1_700_000_009_000, protocolVersion: "2025-06-18" }), LONG);
      expect(await store.get("a")).toEqual(record("a", { requests: 2, lastSeen: 1_700_000_009_000, protocolVersion: "2025-06-18" }));
      expect(await store.count()).toBe(1);
    });

    it("counts and lists every record, and forgets deleted ones", async () => {
      const store = await fixture.open();
      for (const id of ["a", "b", "c"]) await store.save(record(id), LONG);
      expect(await store.count()).toBe(3);
      expect((await store.list()).map((r) => r.id).sort()).toEqual(["a", "b", "c"]);
      await store.delete("b");
      await store.delete("never-there");
      expect(await store.get("b")).toBeUndefined();
      expect(await store.count()).toBe(2);
      expect((await store.list()).map((r) => r.id).sort()).toEqual(["a", "c"]);
    });

    it("keeps the order of writes: a delete issued right after a save wins", async () => {
      const store = await fixture.open();
      const saved = store.save(record("a"), LONG);
      const deleted = store.delete("a");
      await Promise.all([saved, deleted]);
      expect(await store.get("a")).toBeUndefined();
      expect(await store.count()).toBe(0);
    });

    it("drops a record its TTL after the last save, and a save renews the TTL", async () => {
      const store = await fixture.open();
      await store.save(record("renewed"), 40);
      await store.save(record("renewed", { requests: 2 }), LONG);
      await store.save(record("short"), 40);
      // The short-lived record is the clock: once it is gone, the renewed one's first TTL has passed too.
      await eventually(async () => (await store.get("short")) === undefined);
      expect(await store.get("renewed")).toEqual(record("renewed", { requests: 2 }));
      expect(await store.count()).toBe(1);
      expect((await store.list()).map((r) => r.id)).toEqual(["renewed"]);
    });

    it("expired records leave the count and the list even when nobody reads them by id", async () => {
      const store = await fixture.open();
      await store.save(record("a"), 30);
      await store.save(record("b"), 30);
      await eventually(async () => (await store.count()) === 0);
      expect(await store.list()).toEqual([]);
    });

    it("shows one instance's records to another", async () => {
      const store = await fixture.open();
      const other = await fixture.peer(store);
      await store.save(record("a", { requests: 3, owner: "user-1" }), LONG);
      expect(await other.get("a")).toEqual(record("a", { requests: 3, owner: "user-1" }));
      expect(await other.count()).toBe(1);
      await other.delete("a");
      expect(await store.get("a")).toBeUndefined();
    });

    it("claim hands out an owner's sessions up to the limit across instances; delete and expiry give them back", async () => {
      const store = await fixture.open();
      const other = await fixture.peer(store);
      const owned = (id: string): SessionRecord => record(id, { owner: "user-9" });
      expect(await store.claim(owned("a"), LONG, 2)).toBe(true);
      expect(await other.claim(owned("b"), 40, 2)).toBe(true);
      expect(await store.claim(owned("c"), LONG, 2)).toBe(false);
      expect(await store.get("c")).toBeUndefined();
      // Another owner, and a session without one, are not counted against it.
      expect(await other.claim(record("d", { owner: "user-8" }), LONG, 2)).toBe(true);
      expect(await other.claim(record("e"), LONG, 2)).toBe(true);
      // A session already counted may be written again.
      expect(await other.claim(owned("a"), LONG, 2)).toBe(true);
      await other.delete("a", "user-9");
      expect(await store.claim(owned("c"), LONG, 2)).toBe(true);
      // "b" expires (its TTL was short): its place is free again.
      await eventually(async () => (await store.get("b")) === undefined);
      expect(await other.claim(owned("f"), LONG, 2)).toBe(true);
      expect(await other.claim(owned("g"), LONG, 2)).toBe(false);
    });

    it("a touched session stays counted for its owner for as long as its record lives", async () => {
      const store = await fixture.open();
      expect(await store.claim(record("a", { owner: "user-7" }), 60, 1)).toBe(true);
      // Touched well past the claim's first TTL: the owner still holds it.
      const until = Date.now() + 150;
      while (Date.now() < until) {
        expect(await store.touch("a", 0, LONG, "user-7")).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await store.claim(record("b", { owner: "user-7" }), LONG, 1)).toBe(false);
    });
  });
}
