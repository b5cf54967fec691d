/**
 * The tasks extension (io.modelcontextprotocol/tasks, SEP-2663) through the
 * transport-neutral core: negotiation and gating, when a tools/call becomes a task,
 * tasks/get, tasks/update and tasks/cancel, owners, the store bound, status
 * notifications on subscriptions/listen, and shutdown.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryTaskStore, type StoredTask } from "../../packages/runtime/src/index.js";
import { routes as plainRoutes } from "../fixtures/runtime/routes.js";
import { gate, observed, taskRoutes } from "../fixtures/runtime/task-routes.js";
import { memoryClient } from "./helpers/memory-client.js";

const EXTENSION = "io.modelcontextprotocol/tasks";
const TASKS = { extensions: { [EXTENSION]: {} } };
const TASKS_AND_FORMS = { ...TASKS, elicitation: {} };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

type Client = ReturnType<typeof memoryClient>;
type Result = Record<string, unknown>;

/** Calls a tool that should become a task; returns the CreateTaskResult. */
async function createTask(client: Client, name: string, capabilities: Record<string, unknown> = TASKS): Promise<Result & { taskId: string }> {
  const reply = await client.stateless("tools/call", { name, arguments: {} }, { capabilities });
  expect(reply.error).toBeUndefined();
  expect(reply.result?.resultType).toBe("task");
  return reply.result as Result & { taskId: string };
}

async function getTask(client: Client, taskId: string, capabilities: Record<string, unknown> = TASKS): Promise<Result> {
  const reply = await client.stateless("tasks/get", { taskId }, { capabilities });
  expect(reply.error).toBeUndefined();
  return reply.result as Result;
}

/** Polls tasks/get until `done` holds (tasks settle asynchronously). */
async function until(client: Client, taskId: string, done: (task: Result) => boolean): Promise<Result> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const task = await getTask(client, taskId);
    if (done(task)) return task;
    await sleep(5);
  }
  throw new Error(`task ${taskId} never got there`);
}

const terminal = (task: Result): boolean => ["completed", "failed", "cancelled"].includes(task.status as string);

afterEach(() => gate()());

describe("tasks: negotiation", () => {
  it("advertises the extension in server/discover on 2026-07-28, never as a v1 tasks capability", async () => {
    const reply = await memoryClient(taskRoutes).stateless("server/discover");
    const capabilities = reply.result?.capabilities as Result;
    expect(capabilities.extensions).toEqual({ [EXTENSION]: {} });
    expect(capabilities).not.toHaveProperty("tasks");
  });

  it("advertises nothing on initialize (the extension does not exist before 2026-07-28)", async () => {
    const reply = await memoryClient(taskRoutes).initialize("2025-11-25");
    expect(reply.result?.capabilities).not.toHaveProperty("extensions");
  });

  it("advertises nothing and serves no tasks/* when no tool supports tasks", async () => {
    const client = memoryClient(plainRoutes);
    expect((await client.stateless("server/discover")).result?.capabilities).not.toHaveProperty("extensions");
    expect((await client.stateless("tasks/get", { taskId: "x" }, { capabilities: TASKS })).error?.code).toBe(-32601);
  });

  it.each([
    ["tasks/get", { taskId: "gate-test" }],
    ["tasks/update", { taskId: "gate-test", inputResponses: {} }],
    ["tasks/cancel", { taskId: "gate-test" }],
  ])("refuses %s with -32021 naming the extension when the request did not declare it", async (method, params) => {
    const reply = await memoryClient(taskRoutes).stateless(method, params, { capabilities: { elicitation: {} } });
    expect(reply.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { extensions: { [EXTENSION]: {} } } } });
  });

  it.each(["tasks/result", "tasks/list"])("answers the removed v1 method %s with -32601", async (method) => {
    const reply = await memoryClient(taskRoutes).stateless(method, { taskId: "x" }, { capabilities: TASKS });
    expect(reply.error?.code).toBe(-32601);
  });

  it("answers tasks/get with -32601 on a legacy connection", async () => {
    const client = memoryClient(taskRoutes);
    await client.initialize("2025-11-25", TASKS);
    expect((await client.request("tasks/get", { taskId: "x" })).error?.code).toBe(-32601);
  });
});

describe("tasks: when a tools/call becomes a task", () => {
  it("answers an optional tool directly when the request did not declare the extension", async () => {
    const reply = await memoryClient(taskRoutes).stateless("tools/call", { name: "quick", arguments: {} }, { capabilities: { elicitation: {} } });
    expect(reply.result).toMatchObject({ resultType: "complete", content: [{ type: "text", text: "quick result" }] });
    expect(reply.result).not.toHaveProperty("taskId");
  });

  it("refuses a required tool with -32021 when the request did not declare the extension, before the handler runs", async () => {
    const reply = await memoryClient(taskRoutes).stateless("tools/call", { name: "must", arguments: {} });
    expect(reply.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { extensions: { [EXTENSION]: {} } } } });
  });

  it("runs a required tool directly on a legacy connection, which has no tasks", async () => {
    const client = memoryClient(taskRoutes);
    await client.initialize("2025-11-25");
    const reply = await client.request("tools/call", { name: "must", arguments: {} });
    expect(reply.result).toMatchObject({ content: [{ type: "text", text: "must result" }] });
  });

  it("never makes a task of a tool without task support, whatever the request carries (the v1 task param included)", async () => {
    const reply = await memoryClient(taskRoutes).stateless("tools/call", { name: "plain", arguments: {}, task: { ttl: 60_000 } }, { capabilities: TASKS });
    expect(reply.result).toMatchObject({ resultType: "complete", content: [{ type: "text", text: "plain result" }] });
  });

  it("returns a flat CreateTaskResult that tasks/get resolves at once", async () => {
    const client = memoryClient(taskRoutes);
    const created = await createTask(client, "waiter");
    expect(created).toMatchObject({
      status: "working",
      ttlMs: 3_600_000,
      pollIntervalMs: 1_000,
      _meta: { "io.modelcontextprotocol/serverInfo": { name: "task-server" } },
    });
    expect(created.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.createdAt).toMatch(ISO);
    expect(created.lastUpdatedAt).toMatch(ISO);
    for (const field of ["task", "result", "error", "inputRequests", "requestState", "ttl", "pollInterval"]) expect(created).not.toHaveProperty(field);
    const task = await getTask(client, created.taskId);
    expect(task).toMatchObject({ resultType: "complete", taskId: created.taskId, status: "working" });
    expect(task).not.toHaveProperty("result");
  });

  it("gives each task an unguessable id of its own", async () => {
    const client = memoryClient(taskRoutes);
    const ids = new Set<string>();
    for (let index = 0; index < 5; index++) ids.add((await createTask(client, "quick")).taskId);
    expect(ids.size).toBe(5);
  });

  it("answers directly when the handler finishes within taskAfterMs", async () => {
    const reply = await memoryClient(taskRoutes).stateless("tools/call", { name: "fast-enough", arguments: {} }, { capabilities: TASKS });
    expect(reply.result).toMatchObject({ resultType: "complete", content: [{ type: "text", text: "in time" }] });
  });

  it("asks before taskAfterMs as an input-required round, then becomes a task with the answer in hand (MRTR, then task)", async () => {
    const client = memoryClient(taskRoutes);
    const first = await client.stateless(
      "tools/call",
      { name: "ask-then-work", arguments: {} },
      { capabilities: TASKS_AND_FORMS, extra: { progressToken: "p" } },
    );
    expect(first.result).toMatchObject({ resultType: "input_required", inputRequests: { user_name: { method: "elicitation/create" } } });
    expect(first.result).not.toHaveProperty("taskId");
    const second = await client.stateless(
      "tools/call",
      {
        name: "ask-then-work",
        arguments: {},
        inputResponses: { user_name: { action: "accept", content: { name: "Alice" } } },
        requestState: first.result?.requestState,
      },
      { capabilities: TASKS_AND_FORMS, extra: { progressToken: "p" } },
    );
    expect(second.result?.resultType).toBe("task");
    expect(second.result).not.toHaveProperty("requestState");
    expect(second.result).not.toHaveProperty("inputRequests");
    const done = await until(client, second.result?.taskId as string, terminal);
    expect(done).toMatchObject({ status: "completed", result: { content: [{ type: "text", text: 'hello "Alice"' }] } });
    // Progress sent before the call became a task went out; none after.
    expect(client.notifications("notifications/progress")).toHaveLength(1);
  });
});

describe("tasks: outcomes on tasks/get", () => {
  it("inlines the complete result once the handler finishes, without v1 related-task metadata", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "quick");
    const task = await until(client, taskId, terminal);
    expect(task).toMatchObject({ status: "completed", result: { resultType: "complete", content: [{ type: "text", text: "quick result" }] } });
    expect((task.result as Result)._meta).not.toHaveProperty("io.modelcontextprotocol/related-task");
    expect(task).not.toHaveProperty("error");
  });

  it("reports a tool error as completed with isError, not failed", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "tool-error");
    expect(await until(client, taskId, terminal)).toMatchObject({ status: "completed", result: { isError: true, content: [{ text: "no luck" }] } });
  });

  it("reports a JSON-RPC error as failed with the error inlined and no result", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "protocol-error");
    const task = await until(client, taskId, terminal);
    expect(task).toMatchObject({ status: "failed", error: { code: -32603, message: "backend gone" }, statusMessage: expect.stringContaining("backend gone") });
    expect(task).not.toHaveProperty("result");
  });

  it("keeps a handler bug's details to the log", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "bug");
    const task = await until(client, taskId, terminal);
    expect(task).toMatchObject({ status: "completed", result: { isError: true } });
    expect(JSON.stringify(task)).not.toContain("secret detail");
    expect(client.errors.map((error) => error.message)).toContain("tool bug threw");
  });

  it("answers an unknown task id with -32602", async () => {
    const reply = await memoryClient(taskRoutes).stateless("tasks/get", { taskId: "tasks-conformance-nonexistent-12345" }, { capabilities: TASKS });
    expect(reply.error).toMatchObject({ code: -32602, message: "Failed to retrieve task: Task not found" });
  });

  it("hides a task from every caller but its owner", async () => {
    const store = new MemoryTaskStore();
    const client = memoryClient(taskRoutes, { tasks: { store } });
    const { taskId: own } = await createTask(client, "quick");
    await until(client, own, terminal);
    // The same task as another caller's: a finished task never changes, so it is created as such.
    const taskId = "someone-elses-task";
    await store.create({ ...((await store.get(own)) as StoredTask), taskId, owner: "jwt:someone-else" });
    for (const [method, params] of [
      ["tasks/get", { taskId }],
      ["tasks/update", { taskId, inputResponses: {} }],
      ["tasks/cancel", { taskId }],
    ] as const) {
      expect((await client.stateless(method, params, { capabilities: TASKS })).error?.code).toBe(-32602);
    }
  });
});

describe("tasks: tenants", () => {
  it("binds a task to its owner within its tenant: the same principal in another tenant cannot see it", async () => {
    const store = new MemoryTaskStore();
    const alice = { subject: "alice", scopes: [], scheme: "jwt", issuer: "https://id.test", claims: {} };
    const inAcme = memoryClient(taskRoutes, { tasks: { store }, caller: { principal: alice, tenant: { id: "acme", policy: {} } } });
    const inGlobex = memoryClient(taskRoutes, { tasks: { store }, caller: { principal: alice, tenant: { id: "globex", policy: {} } } });
    const { taskId } = await createTask(inAcme, "quick");
    await until(inAcme, taskId, terminal);
    expect((await inGlobex.stateless("tasks/get", { taskId }, { capabilities: TASKS })).error?.code).toBe(-32602);
    expect((await inGlobex.stateless("tasks/cancel", { taskId }, { capabilities: TASKS })).error?.code).toBe(-32602);
    expect((await getTask(inAcme, taskId)).taskId).toBe(taskId);
  });
});

describe("tasks: cancellation", () => {
  it("acknowledges tasks/cancel with an empty complete result, aborts ctx.signal and settles to cancelled", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "waiter");
    const ack = await client.stateless("tasks/cancel", { taskId }, { capabilities: TASKS });
    expect(ack.result?.resultType).toBe("complete");
    for (const field of ["taskId", "status", "result", "error", "inputRequests"]) expect(ack.result).not.toHaveProperty(field);
    expect(observed.signal?.aborted).toBe(true);
    expect(await until(client, taskId, terminal)).toMatchObject({ status: "cancelled" });
  });

  it("acknowledges a cancel of a finished task the same way, and leaves it finished", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "quick");
    await until(client, taskId, terminal);
    expect((await client.stateless("tasks/cancel", { taskId }, { capabilities: TASKS })).result?.resultType).toBe("complete");
    expect(await getTask(client, taskId)).toMatchObject({ status: "completed" });
  });

  it("does not cancel a task on notifications/cancelled for the request that created it", async () => {
    const client = memoryClient(taskRoutes);
    const created = await client.stateless("tools/call", { name: "waiter", arguments: {} }, { capabilities: TASKS }, "create-1");
    await client.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "create-1" } });
    expect(observed.signal?.aborted).toBe(false);
    gate()();
    expect(await until(client, created.result?.taskId as string, terminal)).toMatchObject({ status: "completed" });
  });

  it("fails running tasks with -32008 when the server closes", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "waiter");
    client.server.close();
    expect(await until(client, taskId, terminal)).toMatchObject({ status: "failed", error: { code: -32008 } });
  });
});

describe("tasks: input during a task", () => {
  it("waits in input_required with the question, resumes on tasks/update and completes", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "confirm", TASKS_AND_FORMS);
    const waiting = await until(client, taskId, (task) => task.status === "input_required");
    expect(waiting.inputRequests).toEqual({ "elicitation-1": { method: "elicitation/create", params: expect.objectContaining({ message: "Go on?" }) } });
    const ack = await client.stateless(
      "tasks/update",
      { taskId, inputResponses: { "elicitation-1": { action: "accept", content: { ok: true } } } },
      { capabilities: TASKS },
    );
    expect(ack.result).toEqual({ resultType: "complete", _meta: expect.any(Object) });
    expect(await until(client, taskId, terminal)).toMatchObject({ status: "completed", result: { content: [{ text: "ok: true" }] } });
  });

  it("takes answers one at a time, showing only what is still outstanding, and ignores unknown keys", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "two-questions", TASKS_AND_FORMS);
    const waiting = await until(client, taskId, (task) => Object.keys((task.inputRequests as Result | undefined) ?? {}).length === 2);
    expect(Object.keys(waiting.inputRequests as Result).sort()).toEqual(["first", "second"]);
    await client.stateless(
      "tasks/update",
      { taskId, inputResponses: { first: { action: "accept", content: { name: "Ada" } }, nope: { action: "accept" } } },
      { capabilities: TASKS },
    );
    const partial = await getTask(client, taskId);
    expect(partial.status).toBe("input_required");
    expect(Object.keys(partial.inputRequests as Result)).toEqual(["second"]);
    await client.stateless("tasks/update", { taskId, inputResponses: { second: { action: "accept", content: { ok: false } } } }, { capabilities: TASKS });
    expect(await until(client, taskId, terminal)).toMatchObject({ status: "completed", result: { content: [{ text: '"Ada" false "Ada"' }] } });
  });

  it("keeps a question outstanding when its answer is malformed", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "confirm", TASKS_AND_FORMS);
    await until(client, taskId, (task) => task.status === "input_required");
    await client.stateless("tasks/update", { taskId, inputResponses: { "elicitation-1": { action: "maybe" } } }, { capabilities: TASKS });
    expect(await getTask(client, taskId)).toMatchObject({ status: "input_required", inputRequests: { "elicitation-1": {} } });
  });

  it("refuses inputResponses that are not an object with -32602", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "waiter");
    const reply = await client.stateless("tasks/update", { taskId, inputResponses: [1] }, { capabilities: TASKS });
    expect(reply.error?.code).toBe(-32602);
  });

  it("fails the task with -32021 when the handler asks for something the creating request did not declare", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "confirm");
    expect(await until(client, taskId, terminal)).toMatchObject({ status: "failed", error: { code: -32021 } });
  });

  it("drops log messages once the call is a task", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await client
      .stateless("tools/call", { name: "waiter", arguments: {} }, { capabilities: TASKS, logLevel: "debug" })
      .then((reply) => reply.result as { taskId: string });
    gate()();
    await until(client, taskId, terminal);
    expect(client.notifications("notifications/message")).toEqual([]);
  });
});

describe("tasks: the store", () => {
  it("answers -32603 and runs nothing when the store fails to create the task", async () => {
    const store = { create: () => Promise.reject(new Error("store down")), get: async () => undefined, update: async () => undefined };
    const client = memoryClient(taskRoutes, { tasks: { store } });
    observed.signal = undefined;
    const reply = await client.stateless("tools/call", { name: "waiter", arguments: {} }, { capabilities: TASKS });
    expect(reply.error).toEqual({ code: -32603, message: "Internal error" });
    expect(observed.signal).toBeUndefined();
    expect(client.errors.map((error) => error.message)).toEqual(["the task store failed to create a task for tool waiter"]);
  });

  it("refuses a task with -32004 when the store is full, and stops the handler", async () => {
    const client = memoryClient(taskRoutes, { tasks: { maxTasks: 1 } });
    await createTask(client, "waiter");
    const firstSignal = observed.signal;
    const reply = await client.stateless("tools/call", { name: "quick", arguments: {} }, { capabilities: TASKS });
    expect(reply.error).toMatchObject({ code: -32004 });
    expect(firstSignal?.aborted).toBe(false);
  });
});

describe("tasks: status notifications on subscriptions/listen", () => {
  it("acknowledges the caller's own task ids and sends each state as a DetailedTask", async () => {
    const client = memoryClient(taskRoutes);
    const { taskId } = await createTask(client, "waiter");
    // Cancelled at the end, so it never gets a reply.
    const stream = client
      .stateless("subscriptions/listen", { notifications: { taskIds: [taskId, "not-a-task"] } }, { capabilities: TASKS }, "listen-1")
      .catch(() => undefined);
    await sleep(10);
    const [ack] = client.notifications("notifications/subscriptions/acknowledged");
    expect(ack).toMatchObject({ params: { notifications: { taskIds: [taskId] }, _meta: { "io.modelcontextprotocol/subscriptionId": "listen-1" } } });
    gate()();
    await until(client, taskId, terminal);
    await sleep(10);
    const updates = client.notifications("notifications/tasks").map((message) => (message as { params: Result }).params);
    expect(updates[0]).toMatchObject({ taskId, status: "working" });
    expect(updates.at(-1)).toMatchObject({
      taskId,
      status: "completed",
      result: { content: [{ text: "waited" }] },
      _meta: { "io.modelcontextprotocol/subscriptionId": "listen-1" },
    });
    await client.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "listen-1" } });
    await stream;
  });

  it("refuses task notifications with -32021 when the request did not declare the extension", async () => {
    const reply = await memoryClient(taskRoutes).stateless("subscriptions/listen", { notifications: { taskIds: ["x"] } });
    expect(reply.error?.code).toBe(-32021);
  });
});
