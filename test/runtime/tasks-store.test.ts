/**
 * The in-memory task store and the task options: TTL from creation, a bound that
 * refuses rather than evicts unexpired tasks, and start-up validation.
 */
import { describe, expect, it } from "vitest";
import { MemoryTaskStore, type StoredTask } from "../../packages/runtime/src/index.js";
import { resolveTaskOptions } from "../../packages/runtime/src/protocol/tasks/options.js";
import { detailedTask, taskFields } from "../../packages/runtime/src/protocol/tasks/task.js";

function task(taskId: string, createdAt: number, ttlMs = 1_000, changes: Partial<StoredTask> = {}): StoredTask {
  return { taskId, owner: null, status: "working", createdAt, lastUpdatedAt: createdAt, ttlMs, pollIntervalMs: 100, ...changes };
}

function clock(start = 10_000) {
  const time = { now: start };
  return { time, now: () => time.now };
}

describe("MemoryTaskStore", () => {
  it("returns a task as soon as create resolves, and forgets it once its TTL has passed", async () => {
    const { time, now } = clock();
    const store = new MemoryTaskStore({ now });
    expect(await store.create(task("a", time.now))).toBe(true);
    expect(await store.get("a")).toMatchObject({ taskId: "a" });
    time.now += 999;
    expect(await store.get("a")).toBeDefined();
    time.now += 1;
    expect(await store.get("a")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("replaces a task's state on update, and keeps an expired one gone", async () => {
    const { time, now } = clock();
    const store = new MemoryTaskStore({ now });
    await store.create(task("a", time.now));
    await store.update(task("a", time.now, 1_000, { status: "completed", result: { content: [] } }));
    expect(await store.get("a")).toMatchObject({ status: "completed" });
    await store.update(task("never-created", time.now));
    expect(await store.get("never-created")).toBeUndefined();
    time.now += 1_000;
    await store.update(task("a", time.now - 1_000, 1_000, { status: "failed" }));
    expect(await store.get("a")).toBeUndefined();
  });

  it("refuses a new task when full of unexpired ones, rather than evict what a client may still read", async () => {
    const { time, now } = clock();
    const store = new MemoryTaskStore({ maxTasks: 2, now });
    expect(await store.create(task("a", time.now, 5_000, { status: "completed" }))).toBe(true);
    expect(await store.create(task("b", time.now))).toBe(true);
    expect(await store.create(task("c", time.now))).toBe(false);
    expect(await store.get("a")).toBeDefined();
  });

  it("makes room by sweeping expired tasks, whatever their order", async () => {
    const { time, now } = clock();
    const store = new MemoryTaskStore({ maxTasks: 2, now });
    await store.create(task("long", time.now, 60_000));
    await store.create(task("short", time.now, 100));
    time.now += 100;
    expect(await store.create(task("new", time.now))).toBe(true);
    expect(await store.get("short")).toBeUndefined();
    expect(await store.get("long")).toBeDefined();
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects maxTasks %s at construction", (maxTasks) => {
    expect(() => new MemoryTaskStore({ maxTasks })).toThrow(/maxTasks must be a positive integer/);
  });
});

describe("task options", () => {
  it("defaults to an in-memory store, one hour and one second", () => {
    const options = resolveTaskOptions();
    expect(options.store).toBeInstanceOf(MemoryTaskStore);
    expect(options).toMatchObject({ ttlMs: 3_600_000, pollIntervalMs: 1_000 });
  });

  it("keeps a store it is given", () => {
    const store = new MemoryTaskStore();
    expect(resolveTaskOptions({ store }).store).toBe(store);
  });

  it.each([
    [{ ttlMs: 0 }, /tasks\.ttlMs/],
    [{ ttlMs: 2.5 }, /tasks\.ttlMs/],
    [{ pollIntervalMs: -5 }, /tasks\.pollIntervalMs/],
    [{ maxTasks: 0 }, /maxTasks/],
  ])("fails at start-up on %j", (options, message) => {
    expect(() => resolveTaskOptions(options)).toThrow(message);
  });
});

describe("task wire forms", () => {
  it("writes times as ISO 8601 and inlines only the payload the status calls for", () => {
    const base = task("a", Date.UTC(2026, 6, 28, 10, 30), 60_000);
    expect(taskFields(base)).toEqual({
      taskId: "a",
      status: "working",
      createdAt: "2026-07-28T10:30:00.000Z",
      lastUpdatedAt: "2026-07-28T10:30:00.000Z",
      ttlMs: 60_000,
      pollIntervalMs: 100,
    });
    const waiting = { ...base, status: "input_required" as const, inputRequests: { q: { method: "roots/list", params: {} } } };
    expect(detailedTask(waiting).inputRequests).toEqual({ q: { method: "roots/list", params: {} } });
    expect(taskFields(waiting)).not.toHaveProperty("inputRequests");
    const failed = { ...base, status: "failed" as const, statusMessage: "boom", error: { code: -32603, message: "boom" } };
    expect(detailedTask(failed)).toMatchObject({ statusMessage: "boom", error: { code: -32603, message: "boom" } });
    expect(detailedTask(failed)).not.toHaveProperty("result");
  });
});
