/**
 * One suite for every `TaskStore` (the memory default and Redis): the contract the
 * task manager relies on. `open()` gives a fresh, empty store; `peer(store)` a second
 * view of the same tasks, as another instance behind the load balancer has.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { StoredTask, TaskStore } from "../../../packages/runtime/src/index.js";

export interface TaskStoreFixture {
  open(options?: { readonly maxTasks?: number }): Promise<TaskStore>;
  peer(store: TaskStore): Promise<TaskStore>;
}

const LONG = 60_000;

/** A task created now, with a fresh id. */
export function newTask(changes: Partial<StoredTask> = {}): StoredTask {
  const now = Date.now();
  return { taskId: randomUUID(), owner: null, status: "working", createdAt: now, lastUpdatedAt: now, ttlMs: LONG, pollIntervalMs: 1_000, ...changes };
}

/** Polls until `check` holds; the test's timeout bounds the wait, so nothing here measures time. */
export async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

export function taskStoreSuite(name: string, fixture: TaskStoreFixture): void {
  describe(`TaskStore contract: ${name}`, () => {
    it("returns a task through every instance as soon as create resolves, as it was written", async () => {
      const store = await fixture.open();
      const peer = await fixture.peer(store);
      const bare = newTask();
      const full = newTask({ owner: "3:jwt0:alice", statusMessage: "starting", inputRequests: { q: { method: "roots/list", params: {} } } });
      expect(await store.create(bare)).toBe(true);
      expect(await store.create(full)).toBe(true);
      expect(await peer.get(bare.taskId)).toEqual(bare);
      expect(await peer.get(bare.taskId)).not.toHaveProperty("statusMessage");
      expect(await peer.get(full.taskId)).toEqual(full);
      expect(await store.get(full.taskId)).toEqual(full);
    });

    it("has no task for an id never created", async () => {
      const store = await fixture.open();
      expect(await store.get("never-created")).toBeUndefined();
    });

    it("shows every instance a task's new state once update resolves, and creates nothing on an update of an unknown task", async () => {
      const store = await fixture.open();
      const peer = await fixture.peer(store);
      const task = newTask();
      await store.create(task);
      const waiting: StoredTask = {
        ...task,
        status: "input_required",
        inputRequests: { name: { method: "elicitation/create", params: { message: "Name?" } } },
      };
      await store.update(waiting);
      expect(await peer.get(task.taskId)).toEqual(waiting);
      const done: StoredTask = { ...task, status: "completed", lastUpdatedAt: task.lastUpdatedAt + 5, result: { content: [{ type: "text", text: "done" }] } };
      await store.update(done);
      expect(await peer.get(task.taskId)).toEqual(done);
      const stray = newTask();
      await store.update(stray);
      expect(await peer.get(stray.taskId)).toBeUndefined();
    });

    it("never changes a terminal task again", async () => {
      const store = await fixture.open();
      const task = newTask();
      await store.create(task);
      const cancelled: StoredTask = { ...task, status: "cancelled", statusMessage: "Cancelled by the client" };
      await store.update(cancelled);
      await store.update({ ...task, status: "working" });
      await store.update({ ...task, status: "completed", result: { content: [] } });
      expect(await store.get(task.taskId)).toEqual(cancelled);
    });

    it("forgets a task its TTL after createdAt, and an update does not bring it back", async () => {
      const store = await fixture.open();
      const peer = await fixture.peer(store);
      // Created long ago by its own clock: what is left of its TTL is a few milliseconds.
      const short = newTask({ createdAt: Date.now() - LONG + 30, ttlMs: LONG });
      const long = newTask();
      await store.create(short);
      await store.create(long);
      await eventually(async () => (await peer.get(short.taskId)) === undefined);
      await store.update({ ...short, status: "completed", result: { content: [] } });
      expect(await store.get(short.taskId)).toBeUndefined();
      expect(await peer.get(long.taskId)).toEqual(long);
    });

    it("refuses a new task on every instance while full of unexpired ones, finished ones included", async () => {
      const store = await fixture.open({ maxTasks: 2 });
      const peer = await fixture.peer(store);
      expect(await store.create(newTask({ status: "completed", result: { content: [] } }))).toBe(true);
      const running = newTask();
      expect(await peer.create(running)).toBe(true);
      const refused = newTask();
      expect(await store.create(refused)).toBe(false);
      expect(await peer.create(newTask())).toBe(false);
      expect(await store.get(refused.taskId)).toBeUndefined();
      expect(await store.get(running.taskId)).toEqual(running);
    });

    it("makes room once a task has expired, whichever was created first", async () => {
      const store = await fixture.open({ maxTasks: 2 });
      const long = newTask();
      const short = newTask({ createdAt: Date.now() - LONG + 30 });
      await store.create(long);
      await store.create(short);
      await eventually(async () => (await store.get(short.taskId)) === undefined);
      expect(await store.create(newTask())).toBe(true);
      expect(await store.get(long.taskId)).toEqual(long);
    });

    it("keeps a task working on every instance while the instance that created it runs it", async () => {
      const store = await fixture.open();
      const peer = await fixture.peer(store);
      const task = newTask();
      await store.create(task);
      expect(await peer.get(task.taskId)).toEqual(task);
      const ended: StoredTask = { ...task, status: "failed", statusMessage: "Tool execution failed: boom", error: { code: -32603, message: "boom" } };
      await store.update(ended);
      expect(await peer.get(task.taskId)).toEqual(ended);
    });
  });
}
