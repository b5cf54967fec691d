import { afterAll, beforeAll, describe } from "vitest";
import { createMemoryLimitStore, type LimitStore } from "@turbomcp/runtime";
import { createRedisLimitStore } from "@turbomcp/runtime/redis";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { limitStoreSuite } from "./store-suite.js";

describe("memory limit store", () => {
  limitStoreSuite({
    create: () => createMemoryLimitStore(),
    pair: () => {
      const store = createMemoryLimitStore();
      return [store, store];
    },
  });
});

describe("Redis limit store (real redis-server)", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());
  const create = (): LimitStore => createRedisLimitStore({ url: redis.url });
  limitStoreSuite({ create, pair: () => [create(), create()] });
});
