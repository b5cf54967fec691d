/**
 * Two servers (createServer twice), each with its own RedisTaskStore on one real
 * redis-server, as two instances behind a load balancer: a task created through one
 * is polled through the other, up to its result; only its owner sees it there; and
 * when the instance running it stops, the other reports it failed. With a cluster bus
 * (`BusTaskRelay` on a real `RedisBus`), tasks/update and tasks/cancel sent to the
 * instance that does not run the task reach the run.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { RedisTaskStore } from "../../../packages/runtime/src/entries/redis.js";
import type { Caller, StoredTask } from "../../../packages/runtime/src/index.js";
import { RedisBus } from "../../../packages/runtime/src/entries/redis.js";
import { BusTaskRelay } from "../../../packages/runtime/src/entries/http.js";
import { taskRoutes, gate } from "../../fixtures/runtime/task-routes.js";
import { useRedisServer } from "../../helpers/redis-stores.js";
import { memoryClient } from "../helpers/memory-client.js";
import { eventually } from "./store-suite.js";

const TASKS = { capabilities: { extensions: { "io.modelcontextprotocol/tasks": {} } } };
const LEASE_MS = 300;

const redis = useRedisServer();
const stores: RedisTaskStore[] = [];
const relays: BusTaskRelay[] = [];
afterEach(() => gate()());
afterAll(async () => {
  for (const relay of relays) relay.close();
  await Promise.all(stores.map((store) => store.close({ waitMs: 0 })));
});

/** A RedisTaskStore that remembers the statuses its instance wrote, so a test can wait for a run's last write. */
class WatchedStore extends RedisTaskStore {
  readonly written: string[] = [];
  override async update(task: StoredTask): Promise<void> {
    await super.update(task);
    this.written.push(task.status);
  }
}

type Instance = { readonly store: WatchedStore; readonly client: ReturnType<typeof memoryClient>; readonly relay: BusTaskRelay | undefined };

let prefixes = 0;
/**
 * Two instances of the task server sharing one key prefix, each with its own connection
 * and heartbeat, and its caller; `relayed`: each also with its bus (on a channel prefix
 * of the pair's own) and a `BusTaskRelay` on it.
 */
function instances(callers: readonly [Caller, Caller] = [{}, {}], relayed = false): [Instance, Instance] {
  const keyPrefix = `instances:${++prefixes}:`;
  const [a, b] = callers.map((caller) => {
    const store = new WatchedStore({ client: redis.client(), keyPrefix, leaseMs: LEASE_MS });
    stores.push(store);
    const relay = relayed
      ? new BusTaskRelay(new RedisBus({ publisher: redis.client(), subscriber: redis.client(), channelPrefix: keyPrefix }), { timeoutMs: 1_000 })
      : undefined;
    if (relay !== undefined) relays.push(relay);
    return { store, relay, client: memoryClient(taskRoutes, { tasks: { store, ...(relay !== undefined && { relay }) }, caller }) };
  });
  return [a!, b!];
}

async function getTask(instance: Instance, taskId: string): Promise<Record<string, unknown>> {
  const reply = await instance.client.stateless("tasks/get", { taskId }, TASKS);
  expect(reply.error).toBeUndefined();
  return reply.result!;
}

/** Polls tasks/get until `done` holds; by default until the task has left `working`. */
async function settled(
  instance: Instance,
  taskId: string,
  done = (task: Record<string, unknown>) => task.status !== "working",
): Promise<Record<string, unknown>> {
  for (;;) {
    const task = await getTask(instance, taskId);
    if (done(task)) return task;
    await sleep(10);
  }
}

async function createWaiter(instance: Instance): Promise<string> {
  const reply = await instance.client.stateless("tools/call", { name: "waiter", arguments: {} }, TASKS);
  expect(reply.result).toMatchObject({ resultType: "task", status: "working" });
  return reply.result!.taskId as string;
}

describe("tasks on two instances sharing a RedisTaskStore", () => {
  it("serves tasks/get for a task created through the other instance, and its result once it is done", async () => {
    const [a, b] = instances();
    const taskId = await createWaiter(a);
    expect(await getTask(b, taskId)).toMatchObject({ taskId, status: "working", ttlMs: 3_600_000, pollIntervalMs: 1_000 });
    gate()();
    expect(await settled(b, taskId)).toMatchObject({
      taskId,
      status: "completed",
      result: { resultType: "complete", content: [{ type: "text", text: "waited" }] },
    });
    expect(await getTask(a, taskId)).toEqual(await getTask(b, taskId));
  });

  it("shows a task only to its owner on the other instance too", async () => {
    const alice = { subject: "alice", scopes: [], scheme: "jwt", issuer: "https://id.test", claims: {} };
    const [a, b] = instances([{ principal: alice }, { principal: { ...alice, subject: "mallory" } }]);
    const taskId = await createWaiter(a);
    const reply = await b.client.stateless("tasks/get", { taskId }, TASKS);
    expect(reply.error).toMatchObject({ code: -32602, message: "Failed to retrieve task: Task not found" });
  });

  it("reports the task failed through the other instance once the instance running it stopped without finishing it", async () => {
    const [a, b] = instances();
    const taskId = await createWaiter(a);
    expect(await getTask(b, taskId)).toMatchObject({ status: "working" });
    // Server A is gone without a word: its heartbeat is no longer refreshed.
    await a.store.close({ waitMs: 0 });
    const failed = await settled(b, taskId);
    expect(failed).toMatchObject({
      status: "failed",
      statusMessage: "Tool execution failed: The server instance running this task stopped before it finished",
      error: { code: -32603, message: "The server instance running this task stopped before it finished" },
    });
    // The handler on A goes on to finish; its result does not replace what clients were told.
    gate()();
    await eventually(async () => a.store.written.includes("completed"));
    expect(await getTask(a, taskId)).toEqual(failed);
    expect(await getTask(b, taskId)).toEqual(failed);
  });
});

describe("tasks/update and tasks/cancel through the instance that does not run the task", () => {
  const FORMS = { capabilities: { ...TASKS.capabilities, elicitation: {} } };

  it("are acknowledged and go nowhere without a relay: the run goes on", async () => {
    const [a, b] = instances();
    const taskId = await createWaiter(a);
    expect((await b.client.stateless("tasks/cancel", { taskId }, TASKS)).result).toMatchObject({ resultType: "complete" });
    expect(await getTask(b, taskId)).toMatchObject({ status: "working" });
    gate()();
    expect(await settled(b, taskId)).toMatchObject({ status: "completed" });
  });

  it("cancel the run on the other instance over the bus", async () => {
    const [a, b] = instances([{}, {}], true);
    const taskId = await createWaiter(a);
    expect((await b.client.stateless("tasks/cancel", { taskId }, TASKS)).result).toMatchObject({ resultType: "complete" });
    expect(await settled(b, taskId)).toMatchObject({ status: "cancelled", statusMessage: "Cancelled by the client" });
  });

  it("answer the question of the run on the other instance over the bus", async () => {
    const [a, b] = instances([{}, {}], true);
    const created = await a.client.stateless("tools/call", { name: "confirm", arguments: {} }, FORMS);
    const taskId = created.result!.taskId as string;
    const waiting = await settled(b, taskId, (task) => task.status === "input_required");
    expect(waiting.inputRequests).toMatchObject({ "elicitation-1": { method: "elicitation/create" } });
    const ack = await b.client.stateless("tasks/update", { taskId, inputResponses: { "elicitation-1": { action: "accept", content: { ok: true } } } }, TASKS);
    expect(ack.result).toMatchObject({ resultType: "complete" });
    expect(await settled(b, taskId, (task) => task.status !== "input_required")).toMatchObject({
      status: "completed",
      result: { content: [{ type: "text", text: "ok: true" }] },
    });
  });

  it("refuse answers no instance takes with 503, so the client may send them again", async () => {
    const [a, b] = instances([{}, {}], true);
    const created = await a.client.stateless("tools/call", { name: "confirm", arguments: {} }, FORMS);
    const taskId = created.result!.taskId as string;
    await settled(b, taskId, (task) => task.status === "input_required");
    // The running instance no longer hears the bus (cut off from Redis, say).
    a.relay!.close();
    const refused = await b.client.stateless(
      "tasks/update",
      { taskId, inputResponses: { "elicitation-1": { action: "accept", content: { ok: true } } } },
      TASKS,
    );
    expect(refused.error).toMatchObject({ code: -32014, message: expect.stringContaining("send them again") });
    expect(await getTask(b, taskId)).toMatchObject({ status: "input_required" });
  });

  it("tell a subscriptions/listen stream on the other instance of each change, once", async () => {
    const [a, b] = instances([{}, {}], true);
    const taskId = await createWaiter(a);
    // b's stream runs until the server closes; its notifications are what b's peer was sent.
    const listening = b.client.stateless("subscriptions/listen", { notifications: { taskIds: [taskId] } }, TASKS, "listen-1");
    await eventually(async () => b.client.notifications("notifications/tasks").length === 1);
    gate()();
    const statuses = (): string[] =>
      b.client.notifications("notifications/tasks").map((message) => (message as unknown as { params: { status: string } }).params.status);
    await eventually(async () => statuses().includes("completed"));
    expect(statuses()[0]).toBe("working");
    expect(statuses().filter((status) => status === "completed")).toHaveLength(1);
    b.client.server.close();
    await listening;
  });
});
