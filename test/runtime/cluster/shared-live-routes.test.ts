/**
 * createSharedLiveRoutes in one process: instances on a MemoryBusNetwork and one memory
 * store, so the rules are seen one by one. Across real processes on Redis:
 * shared-live-routes-redis.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { defineRoutes, toolRoute, type RouteTable } from "../../../packages/runtime/src/index.js";
import {
  MemoryBusNetwork,
  createMemorySharedStateStore,
  createSharedLiveRoutes,
  type SharedLiveRoutes,
  type SharedStateStore,
} from "../../../packages/runtime/src/entries/http.js";
import type { ServerLogger } from "../../../packages/runtime/src/protocol/logger.js";
import { compile } from "../../fixtures/runtime/validators.js";

interface Flags {
  readonly extra: boolean;
  /** A state the table cannot be built for. */
  readonly broken?: boolean;
}

const anyInput = { type: "object" } as const;
const tool = (name: string) =>
  toolRoute<object, string>({ definition: { name, inputSchema: anyInput }, validateInput: compile(anyInput), handler: () => name, policy: { scopes: [] } });

function select(state: Flags): RouteTable {
  if (state.broken === true) throw new Error("no table for a broken state");
  return defineRoutes({ server: { name: "shared", version: "1.0.0" }, tools: [tool("base"), ...(state.extra ? [tool("extra")] : [])] });
}

const names = (shared: SharedLiveRoutes<Flags>): string[] => [...shared.live.routes.tools.keys()];
const quiet: ServerLogger = { error: () => undefined, warn: () => undefined };
const made: SharedLiveRoutes<Flags>[] = [];
afterEach(() => made.splice(0).forEach((shared) => shared.close()));

async function instance(network: MemoryBusNetwork, store: SharedStateStore, refreshMs?: number): Promise<SharedLiveRoutes<Flags>> {
  const shared = await createSharedLiveRoutes<Flags>({
    name: "flags",
    initial: { extra: false },
    select,
    bus: network.bus({ logger: quiet }),
    store,
    logger: quiet,
    ...(refreshMs !== undefined && { refreshMs }),
  });
  made.push(shared);
  return shared;
}

async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe("createSharedLiveRoutes", () => {
  it("an update on one instance is served by every instance, and a later instance starts with it", async () => {
    const network = new MemoryBusNetwork();
    const store = createMemorySharedStateStore();
    const [a, b] = [await instance(network, store), await instance(network, store)];
    expect(names(b)).toEqual(["base"]);
    await a.update({ extra: true });
    expect(names(a)).toEqual(["base", "extra"]);
    await until(() => names(b).includes("extra"));
    expect(b.state).toEqual({ extra: true });
    const late = await instance(network, store);
    expect(names(late)).toEqual(["base", "extra"]);
  });

  it("refuses a state whose table cannot be built, storing and announcing nothing", async () => {
    const network = new MemoryBusNetwork();
    const store = createMemorySharedStateStore();
    const a = await instance(network, store);
    await expect(a.update({ extra: true, broken: true })).rejects.toThrow("no table for a broken state");
    expect(await store.read("flags")).toBeUndefined();
    expect(names(a)).toEqual(["base"]);
  });

  it("goes back to its table when the state cannot be stored (no other instance would follow)", async () => {
    const failing: SharedStateStore = { read: () => Promise.resolve(undefined), write: () => Promise.reject(new Error("store down")) };
    const a = await instance(new MemoryBusNetwork(), failing);
    await expect(a.update({ extra: true })).rejects.toThrow("store down");
    expect(names(a)).toEqual(["base"]);
    expect(a.state).toEqual({ extra: false });
  });

  it("catches up by reading the state back when it missed the announcement", async () => {
    const store = createMemorySharedStateStore();
    // Two networks: b hears nothing a announces.
    const a = await instance(new MemoryBusNetwork(), store);
    const b = await instance(new MemoryBusNetwork(), store, 20);
    await a.update({ extra: true });
    await until(() => names(b).includes("extra"));
  });

  it("never goes back to an older version, whatever order announcements arrive in", async () => {
    const network = new MemoryBusNetwork();
    const store = createMemorySharedStateStore();
    const a = await instance(network, store);
    const b = await instance(network, store);
    await a.update({ extra: true });
    await a.update({ extra: false });
    await a.update({ extra: true });
    await until(() => names(b).includes("extra") && b.state.extra);
    // A late, stale announcement of version 2 (extra off) after version 3 (extra on).
    await network.bus().publish("live-routes:flags", JSON.stringify({ version: 2, json: JSON.stringify({ extra: false }) }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(names(b)).toEqual(["base", "extra"]);
  });
});
