/** The in-memory event store against the shared contract, and its own bound on streams. */
import { describe, expect, it } from "vitest";
import { MemoryEventStore } from "../../../packages/runtime/src/entries/http.js";
import { eventStoreSuite } from "./event-store-suite.js";

eventStoreSuite("MemoryEventStore", {
  open: async (options) => new MemoryEventStore(options),
  peer: async (store) => store,
});

describe("MemoryEventStore", () => {
  it("keeps at most maxStreams streams, dropping the least recently written", async () => {
    const store = new MemoryEventStore({ maxStreams: 2 });
    await store.append("s", "a", 1, "{}", 60_000);
    await store.append("s", "b", 1, "{}", 60_000);
    await store.append("s", "a", 2, "{}", 60_000);
    await store.append("s", "c", 1, "{}", 60_000);
    expect(await store.after("s", "b", 0)).toBeUndefined();
    expect(await store.after("s", "a", 0)).toHaveLength(2);
    expect(await store.after("s", "c", 0)).toHaveLength(1);
  });

  it("refuses bounds that are not positive integers", () => {
    expect(() => new MemoryEventStore({ maxStreams: 0 })).toThrow(/maxStreams/);
    expect(() => new MemoryEventStore({ maxEventsPerStream: 1.5 })).toThrow(/maxEventsPerStream/);
  });
});
