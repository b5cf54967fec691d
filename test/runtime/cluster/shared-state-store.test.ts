/**
 * The shared state stores behind shared live tables, one suite for both: the memory
 * store and the Redis store on a real redis-server (two connections, as two instances).
 */
import { describe, expect, it } from "vitest";
import { createMemorySharedStateStore, type SharedStateStore } from "../../../packages/runtime/src/entries/http.js";
import { createRedisSharedStateStore } from "../../../packages/runtime/src/entries/redis.js";
import { useRedisServer } from "../../helpers/redis-stores.js";

const redis = useRedisServer();

const kinds: readonly { name: string; pair(): [SharedStateStore, SharedStateStore] }[] = [
  {
    name: "memory",
    pair() {
      const store = createMemorySharedStateStore();
      return [store, store];
    },
  },
  {
    name: "Redis",
    pair() {
      const prefix = `test:${Math.random().toString(36).slice(2)}:`;
      return [createRedisSharedStateStore({ client: redis.client(), prefix }), createRedisSharedStateStore({ client: redis.client(), prefix })];
    },
  },
];

describe.each(kinds)("the $name shared state store", (kind) => {
  it("reads nothing before the first write", async () => {
    const [store] = kind.pair();
    expect(await store.read("flags")).toBeUndefined();
  });

  it("numbers writes 1, 2, … per name, and another instance reads the newest", async () => {
    const [one, other] = kind.pair();
    expect(await one.write("flags", '{"a":1}')).toBe(1);
    expect(await other.write("flags", '{"a":2}')).toBe(2);
    expect(await other.write("limits", '{"b":1}')).toBe(1);
    expect(await one.read("flags")).toEqual({ version: 2, json: '{"a":2}' });
    expect(await one.read("limits")).toEqual({ version: 1, json: '{"b":1}' });
  });

  it("gives concurrent writes distinct versions, the newest version holding its own state", async () => {
    const [one, other] = kind.pair();
    const versions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? one : other).write("race", JSON.stringify({ i }))));
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const newest = await one.read("race");
    expect(newest?.version).toBe(20);
    expect(newest?.json).toBe(JSON.stringify({ i: versions.indexOf(20) }));
  });
});
