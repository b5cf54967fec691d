/**
 * The shared task store suite against a real redis-server, plus what only Redis has:
 * key layout and TTLs, foreign values, the script cache, and liveness: the unfinished
 * tasks of an instance whose heartbeat lapsed read as failed on every instance.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RedisTaskStore, type RedisTaskStoreOptions } from "../../../packages/runtime/src/entries/redis.js";
import type { ServerLogger, StoredTask, TaskStore } from "../../../packages/runtime/src/index.js";
import { startRedisServer } from "../../helpers/redis-server.js";
import { useRedisServer } from "../../helpers/redis-stores.js";
import { eventually, newTask, taskStoreSuite } from "./store-suite.js";

const redis = useRedisServer();
const logged: string[] = [];
const logger: ServerLogger = { error: (message) => logged.push(message), warn: (message) => logged.push(message) };

/** Every store made here, its heartbeat stopped after the file (before the clients are disconnected). */
const made: RedisTaskStore[] = [];
function store(options: Partial<RedisTaskStoreOptions> = {}, client: Redis = redis.client()): RedisTaskStore {
  const opened = new RedisTaskStore({ client, logger, ...options });
  made.push(opened);
  return opened;
}
afterAll(async () => {
  await Promise.all(made.map((opened) => opened.close({ waitMs: 0 })));
});

let prefixes = 0;
const options = new WeakMap<TaskStore, Partial<RedisTaskStoreOptions>>();
taskStoreSuite("RedisTaskStore", {
  async open(extra = {}) {
    const chosen = { keyPrefix: `suite:${++prefixes}:`, ...extra };
    const opened = store(chosen);
    options.set(opened, chosen);
    return opened;
  },
  // Another instance: its own connection and heartbeat, the same prefix and bound.
  async peer(of) {
    return store(options.get(of));
  },
});

describe("RedisTaskStore on Redis", () => {
  it("keeps a task as one hash under the prefix, expiring with its index entry at the end of its TTL, and names its runner only while it runs", async () => {
    const raw = redis.client();
    const tasks = store({ keyPrefix: "layout:", leaseMs: 5_000 }, raw);
    const task = newTask({ ttlMs: 30_000 });
    await tasks.create(task);
    const key = `layout:task:${task.taskId}`;
    expect(JSON.parse((await raw.hget(key, "task"))!)).toEqual(task);
    const runner = await raw.hget(key, "runner");
    expect(runner).toMatch(/^[0-9a-f-]{36}$/);
    const ttl = await raw.pttl(key);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await raw.zrange("layout:index", "0", "-1")).toEqual([task.taskId]);
    const heartbeat = await raw.pttl(`layout:runner:${runner}`);
    expect(heartbeat).toBeGreaterThan(0);
    expect(heartbeat).toBeLessThanOrEqual(5_000);

    await tasks.update({ ...task, status: "completed", result: { content: [] } });
    expect(await raw.hexists(key, "runner")).toBe(0);
    expect(await raw.pttl(key)).toBeLessThanOrEqual(ttl);
    expect((await raw.keys("layout:*")).sort()).toEqual([`layout:index`, `layout:runner:${runner}`, key].sort());
  });

  it("uses the default prefix turbomcp:tasks:", async () => {
    const raw = redis.client();
    const task = newTask();
    await store({}, raw).create(task);
    expect(await raw.exists(`turbomcp:tasks:task:${task.taskId}`)).toBe(1);
    await raw.del(`turbomcp:tasks:task:${task.taskId}`, "turbomcp:tasks:index");
  });

  it("reads a value under its prefix that is not a task as no task", async () => {
    const raw = redis.client();
    const tasks = store({ keyPrefix: "foreign:" }, raw);
    await raw.hset("foreign:task:a", "task", "not json");
    await raw.hset("foreign:task:b", "task", JSON.stringify({ taskId: "b", status: "sleeping" }));
    await raw.set("foreign:task:c", "a string, not a hash");
    expect(await tasks.get("a")).toBeUndefined();
    expect(await tasks.get("b")).toBeUndefined();
    expect(await tasks.get("c")).toBeUndefined();
  });

  it("loads its scripts again after the server forgot them (SCRIPT FLUSH, a restart)", async () => {
    const raw = redis.client();
    const tasks = store({ keyPrefix: "flush:" }, raw);
    const task = newTask();
    await tasks.create(task);
    await raw.script("FLUSH");
    await tasks.update({ ...task, status: "completed", result: { content: [] } });
    expect(await tasks.get(task.taskId)).toMatchObject({ status: "completed" });
  });

  it("refuses a client that is not an ioredis client, and a bound or lease that is not a positive integer", () => {
    expect(() => new RedisTaskStore({ client: {} as Redis })).toThrow(/ioredis client/);
    expect(() => store({ maxTasks: 0 })).toThrow(/maxTasks must be a positive integer/);
    expect(() => store({ leaseMs: 2.5 })).toThrow(/leaseMs must be a positive integer/);
  });
});

describe("RedisTaskStore: tasks of an instance that stopped", () => {
  const LEASE_MS = 300;

  it("reads an unfinished task of an instance whose heartbeat lapsed as failed, on every instance, its questions dropped", async () => {
    const running = store({ keyPrefix: "lapsed:", leaseMs: LEASE_MS });
    const other = store({ keyPrefix: "lapsed:", leaseMs: LEASE_MS });
    const task = newTask({ status: "input_required", inputRequests: { q: { method: "roots/list", params: {} } } });
    await running.create(task);
    expect(await other.get(task.taskId)).toEqual(task);

    // As if the process died: nothing refreshes the heartbeat any more.
    await running.close({ waitMs: 0 });
    let failed: StoredTask | undefined;
    await eventually(async () => (failed = await other.get(task.taskId))?.status === "failed");
    expect(failed).toEqual({
      taskId: task.taskId,
      owner: null,
      status: "failed",
      statusMessage: "Tool execution failed: The server instance running this task stopped before it finished",
      error: { code: -32603, message: "The server instance running this task stopped before it finished" },
      createdAt: task.createdAt,
      lastUpdatedAt: failed!.lastUpdatedAt,
      ttlMs: task.ttlMs,
      pollIntervalMs: task.pollIntervalMs,
    });
    expect(failed!.lastUpdatedAt).toBeGreaterThanOrEqual(task.lastUpdatedAt);
    expect(await store({ keyPrefix: "lapsed:" }).get(task.taskId)).toEqual(failed);

    // The run was only cut off: the result it writes late does not replace the failure.
    await running.update({ ...task, status: "completed", result: { content: [] } });
    expect(await other.get(task.taskId)).toEqual(failed);
    await expect(running.create(newTask())).rejects.toThrow(/closed/);
  });

  it("gives every reader the same failure when several find the lapsed heartbeat at once", async () => {
    const raw = redis.client();
    const running = store({ keyPrefix: "race:", leaseMs: LEASE_MS }, raw);
    const task = newTask();
    await running.create(task);
    const heartbeat = `race:runner:${(await raw.hget(`race:task:${task.taskId}`, "runner"))!}`;
    await running.close({ waitMs: 0 });
    const readers = [0, 1, 2, 3].map(() => store({ keyPrefix: "race:" }));
    await eventually(async () => (await raw.exists(heartbeat)) === 0);
    // Each reader sees the lapse and writes its own failure; the first write wins, the others read it back.
    const seen = await Promise.all(readers.map((reader) => reader.get(task.taskId)));
    expect(seen[0]?.status).toBe("failed");
    for (const one of seen) expect(one).toEqual(seen[0]);
  });

  it("keeps the task of a live instance working for many leases, and stops refreshing once it runs nothing", async () => {
    const raw = redis.client();
    const running = store({ keyPrefix: "alive:", leaseMs: LEASE_MS }, raw);
    const other = store({ keyPrefix: "alive:", leaseMs: LEASE_MS });
    const task = newTask();
    await running.create(task);
    const heartbeat = `alive:runner:${(await raw.hget(`alive:task:${task.taskId}`, "runner"))!}`;
    await sleep(LEASE_MS * 5);
    expect(await other.get(task.taskId)).toEqual(task);
    expect(await raw.exists(heartbeat)).toBe(1);

    const done: StoredTask = { ...task, status: "completed", result: { content: [] } };
    await running.update(done);
    await eventually(async () => (await raw.exists(heartbeat)) === 0);
    expect(await other.get(task.taskId)).toEqual(done);
  });

  it("waits on close for the runs still going to write their final state, then stops vouching for the rest", async () => {
    const running = store({ keyPrefix: "closing:", leaseMs: LEASE_MS });
    const other = store({ keyPrefix: "closing:" });
    const ending = newTask();
    await running.create(ending);
    const closed = running.close({ waitMs: 60_000 });
    const cancelled: StoredTask = { ...ending, status: "cancelled", statusMessage: "Cancelled by the client" };
    await running.update(cancelled);
    await closed;
    expect(await other.get(ending.taskId)).toEqual(cancelled);

    // A run that ignores its cancellation is not waited for past the deadline: once the lease lapses it reads as failed.
    const stubborn = store({ keyPrefix: "closing:", leaseMs: LEASE_MS });
    const hung = newTask();
    await stubborn.create(hung);
    await stubborn.close({ waitMs: 10 });
    await eventually(async () => (await other.get(hung.taskId))?.status === "failed");
  });

  it("reports heartbeat refreshes that fail once per outage, and their recovery", async () => {
    // A server of its own: stopping it must not disturb the other tests' clients.
    const own = await startRedisServer();
    const raw = new Redis(own.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 20 });
    raw.on("error", () => {});
    const lines: string[] = [];
    const running = store(
      { keyPrefix: "outage:", leaseMs: LEASE_MS, logger: { error: (message) => lines.push(message), warn: (message) => lines.push(message) } },
      raw,
    );
    try {
      if (raw.status !== "ready") await new Promise((resolve) => raw.once("ready", resolve));
      await running.create(newTask());
      await own.stop();
      await eventually(async () => lines.length > 0);
      // Several refresh intervals of the outage go by, reported once.
      await sleep(LEASE_MS);
      expect(lines).toEqual([expect.stringMatching(/could not refresh the heartbeat of this instance's running tasks/)]);
      await own.restart();
      await eventually(async () => lines.length > 1);
      expect(lines).toEqual([expect.anything(), "task heartbeat refreshes succeed again"]);
    } finally {
      await running.close({ waitMs: 0 });
      raw.disconnect();
      await own.stop();
    }
  });
});
