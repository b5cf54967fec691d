/**
 * One suite for every `EventStore` (memory and Redis Streams): what resumable SSE
 * streams rely on. `open()` gives a fresh store; `peer(store)` a second view of the
 * same data, as another instance has.
 */
import { describe, expect, it } from "vitest";
import type { EventStore } from "../../../packages/runtime/src/entries/http.js";

export interface EventStoreFixture {
  open(options?: { readonly maxEventsPerStream?: number }): Promise<EventStore>;
  peer(store: EventStore): Promise<EventStore>;
}

const LONG = 60_000;

export function eventStoreSuite(name: string, fixture: EventStoreFixture): void {
  describe(`EventStore contract: ${name}`, () => {
    it("gives the events after a number in order, the priming event and the end marker included, to every view", async () => {
      const store = await fixture.open();
      const other = await fixture.peer(store);
      await store.append("s1", "pabc", 0, "", LONG);
      await store.append("s1", "pabc", 1, '{"a":1}', LONG);
      await other.append("s1", "pabc", 2, '{"a":2}', LONG);
      await store.append("s1", "pabc", 3, undefined, LONG);
      expect(await other.after("s1", "pabc", 0)).toEqual([{ seq: 1, json: '{"a":1}' }, { seq: 2, json: '{"a":2}' }, { seq: 3 }]);
      expect(await store.after("s1", "pabc", 2)).toEqual([{ seq: 3 }]);
      expect(await store.after("s1", "pabc", 3)).toEqual([]);
      expect(await store.after("s1", "pabc", -1)).toEqual([{ seq: 0, json: "" }, { seq: 1, json: '{"a":1}' }, { seq: 2, json: '{"a":2}' }, { seq: 3 }]);
    });

    it("tells a stream it never had (or another session's) from one with nothing new", async () => {
      const store = await fixture.open();
      await store.append("s1", "pabc", 0, "", LONG);
      expect(await store.after("s1", "pabc", 0)).toEqual([]);
      expect(await store.after("s1", "pother", 0)).toBeUndefined();
      expect(await store.after("s2", "pabc", 0)).toBeUndefined();
    });

    it("keeps messages byte for byte (unicode, newlines escaped in JSON, large)", async () => {
      const store = await fixture.open();
      const messages = [JSON.stringify({ text: "naïve ✓ 🎉" }), JSON.stringify({ text: "a\nb" }), JSON.stringify({ text: "x".repeat(100_000) })];
      for (const [index, json] of messages.entries()) await store.append("s", "g0", index + 1, json, LONG);
      expect((await store.after("s", "g0", 0))?.map((event) => event.json)).toEqual(messages);
    });

    it("keeps the last events of a long stream, dropping the oldest", async () => {
      const store = await fixture.open({ maxEventsPerStream: 10 });
      for (let seq = 1; seq <= 500; seq++) await store.append("s", "plong", seq, `{"n":${seq}}`, LONG);
      const kept = (await store.after("s", "plong", 0))!;
      expect(kept.at(-1)).toEqual({ seq: 500, json: '{"n":500}' });
      // Redis trims in whole nodes (MAXLEN ~): at least the cap, far fewer than all.
      expect(kept.length).toBeGreaterThanOrEqual(10);
      expect(kept.length).toBeLessThan(500);
      expect(kept.map((event) => event.seq)).toEqual(kept.map((_, index) => 501 - kept.length + index));
    });

    it("forgets a stream after its TTL, and a session's streams when it ends", async () => {
      const store = await fixture.open();
      await store.append("s", "pshort", 1, "{}", 200);
      await store.append("t", "p1", 1, "{}", LONG);
      await store.append("t", "g1", 1, "{}", LONG);
      await store.append("u", "p1", 1, "{}", LONG);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await store.after("s", "pshort", 0)).toBeUndefined();
      await store.deleteSession("t");
      expect(await store.after("t", "p1", 0)).toBeUndefined();
      expect(await store.after("t", "g1", 0)).toBeUndefined();
      expect(await store.after("u", "p1", 0)).toEqual([{ seq: 1, json: "{}" }]);
    });
  });
}
