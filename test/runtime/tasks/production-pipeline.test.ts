/**
 * The production pipeline with `redisUrl` keeps tasks in Redis when the routes have
 * task-supporting tools (on a connection of its own), keeps a store the application
 * brought, and opens nothing for tasks when no tool supports them.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisTaskStore } from "../../../packages/runtime/src/entries/redis.js";
import { MemoryTaskStore, createProductionPipeline, resolveRuntimeConfig, type ServerLogger } from "../../../packages/runtime/src/index.js";
import { routes as plainRoutes } from "../../fixtures/runtime/routes.js";
import { taskRoutes } from "../../fixtures/runtime/task-routes.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { newTask } from "./store-suite.js";

const quiet: ServerLogger = { error: () => {}, warn: () => {} };

describe("the production pipeline's task store", () => {
  let redis: RedisServer;
  let raw: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    raw = new Redis(redis.url);
  });
  afterAll(async () => {
    raw.disconnect();
    await redis?.stop();
  });

  const config = () => resolveRuntimeConfig({ env: { TURBOMCP_REDIS_URL: redis.url } });
  const connectionNames = async (): Promise<string[]> => [...String(await raw.client("LIST")).matchAll(/ name=(\S*)/g)].map((match) => match[1]!);

  it("is a RedisTaskStore on a connection of its own, bounded by tasks.maxTasks", async () => {
    const pipeline = await createProductionPipeline(taskRoutes, config(), {
      transport: "stdio",
      logger: quiet,
      server: { tasks: { maxTasks: 1, ttlMs: 5_000 } },
    });
    try {
      await pipeline.ready();
      const { tasks } = pipeline.serverOptions;
      expect(tasks?.store).toBeInstanceOf(RedisTaskStore);
      expect(tasks?.ttlMs).toBe(5_000);
      expect(await tasks!.store!.create(newTask({ status: "completed" }))).toBe(true);
      expect(await tasks!.store!.create(newTask())).toBe(false);
      expect(await connectionNames()).toContain("turbomcp-tasks");
    } finally {
      await pipeline.close();
    }
    expect(await connectionNames()).not.toContain("turbomcp-tasks");
  });

  it("keeps a store the application brought", async () => {
    const store = new MemoryTaskStore();
    const pipeline = await createProductionPipeline(taskRoutes, config(), { transport: "stdio", logger: quiet, server: { tasks: { store } } });
    expect(pipeline.serverOptions.tasks?.store).toBe(store);
    await pipeline.close();
  });

  it("opens nothing for tasks when no tool supports them", async () => {
    const pipeline = await createProductionPipeline(plainRoutes, config(), { transport: "stdio", logger: quiet });
    try {
      await pipeline.ready();
      expect(pipeline.serverOptions.tasks).toBeUndefined();
      expect(await connectionNames()).not.toContain("turbomcp-tasks");
    } finally {
      await pipeline.close();
    }
  });
});
