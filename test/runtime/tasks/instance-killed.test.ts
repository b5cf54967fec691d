/**
 * Tasks on two server processes started by `runMain` with one `TURBOMCP_REDIS_URL`
 * (the production pipeline picks the Redis task store): a task created on one is
 * polled on the other, and when the process running it is SIGKILLed mid-run, the
 * other reports it failed once the dead instance's heartbeat has lapsed.
 */
import { Redis } from "ioredis";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { startEntry, type Started } from "../production/kit.js";

const ENTRY = fileURLToPath(new URL("../../fixtures/runtime/task-server.ts", import.meta.url));
const META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": { extensions: { "io.modelcontextprotocol/tasks": {} } },
  "io.modelcontextprotocol/clientInfo": { name: "test", version: "0" },
};

/** One 2026-07-28 request in one POST; `name` is the Mcp-Name header (the tool, or the task id). Returns the JSON-RPC reply. */
async function post(
  server: Started,
  method: string,
  name: string,
  params: Record<string, unknown>,
): Promise<{ result?: Record<string, unknown>; error?: unknown }> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": method,
      "mcp-name": name,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: { ...params, _meta: META } }),
  });
  const text = await response.text();
  // A JSON body, or an SSE stream whose last data line is the reply.
  const json = (response.headers.get("content-type") ?? "").includes("text/event-stream")
    ? text
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .pop()
        ?.slice(5)
    : text;
  return JSON.parse(json ?? "null") as { result?: Record<string, unknown>; error?: unknown };
}

describe("tasks of a server process that was killed", { timeout: 60_000 }, () => {
  let redis: RedisServer;
  const servers: Started[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    await Promise.all([startOne(), startOne()]);
  });

  const env = (): Record<string, string> => ({ TURBOMCP_REDIS_URL: redis.url, TURBOMCP_AUDIT_ENABLED: "false" });
  const startOne = async (): Promise<Started> => {
    const started = await startEntry(ENTRY, ["--transport", "http", "--port", "0"], env());
    servers.push(started);
    return started;
  };

  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    await Promise.all(servers.map((server) => server.exited));
    await redis?.stop();
  });

  it("reads as failed on the other instance once the killed instance's heartbeat lapsed", async () => {
    const [running, other] = servers.slice(0, 2) as [Started, Started];
    const created = await post(running, "tools/call", "waiter", { name: "waiter", arguments: {} });
    expect(created.result).toMatchObject({ resultType: "task", status: "working" });
    const taskId = created.result!.taskId as string;

    // The production pipeline keeps tasks in Redis, under the default prefix, naming the instance that runs them.
    const raw = new Redis(redis.url);
    try {
      expect(await raw.hget(`turbomcp:tasks:task:${taskId}`, "runner")).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      raw.disconnect();
    }
    expect((await post(other, "tasks/get", taskId, { taskId })).result).toMatchObject({ taskId, status: "working" });

    running.child.kill("SIGKILL");
    await running.exited;
    let task: Record<string, unknown> | undefined;
    for (;;) {
      task = (await post(other, "tasks/get", taskId, { taskId })).result;
      if (task?.status !== "working") break;
      await sleep(100);
    }
    expect(task).toMatchObject({
      taskId,
      status: "failed",
      statusMessage: "Tool execution failed: The server instance running this task stopped before it finished",
      error: { code: -32603, message: "The server instance running this task stopped before it finished" },
    });
  });

  it("reads as failed with -32008 at once, not lost, when the instance running it shut down gracefully (SIGTERM)", async () => {
    const other = servers[1]!;
    const running = await startOne();
    const created = await post(running, "tools/call", "waiter", { name: "waiter", arguments: {} });
    const taskId = created.result!.taskId as string;
    expect(await running.stop()).toBe(0);
    // Written before the process exited: no heartbeat has to lapse first.
    expect((await post(other, "tasks/get", taskId, { taskId })).result).toMatchObject({
      taskId,
      status: "failed",
      statusMessage: "Tool execution failed: The server shut down before the task finished",
      error: { code: -32008 },
    });
  });
});
