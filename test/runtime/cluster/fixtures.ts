/**
 * The bus and store pairs the cluster suites run on: in memory (several servers in one
 * process) and on a real redis-server (each instance on connections of its own, its
 * event store appending on its bus's publishing connection, which keeps each event's
 * append ahead of its publish). Call in a test file's top level: the Redis fixture
 * starts its server in beforeAll.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { MemoryBusNetwork, MemoryEventStore, MemorySessionStore } from "../../../packages/runtime/src/entries/http.js";
import { RedisBus, RedisEventStore, RedisSessionStore } from "../../../packages/runtime/src/entries/redis.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import type { ClusterFixture } from "./shared-sessions-suite.js";

const quiet = { error: () => {}, warn: () => {} };

export function memoryClusterFixture(): ClusterFixture {
  let network = new MemoryBusNetwork();
  let events = new MemoryEventStore();
  return {
    store: async () => new MemorySessionStore(),
    instance: async () => ({ bus: network.bus({ logger: quiet }), eventStore: events }),
    cleanup: async () => {
      network = new MemoryBusNetwork();
      events = new MemoryEventStore();
    },
  };
}

export function redisClusterFixture(): ClusterFixture {
  let redis: RedisServer | undefined;
  const connections: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });
  const connect = (): Redis => {
    const client = new Redis(redis!.url, { maxRetriesPerRequest: 1 });
    connections.push(client);
    return client;
  };
  return {
    store: async () => new RedisSessionStore({ client: connect() }),
    instance: async () => {
      const publisher = connect();
      return { bus: new RedisBus({ publisher, subscriber: connect(), logger: quiet }), eventStore: new RedisEventStore({ client: publisher }) };
    },
    cleanup: async () => {
      for (const client of connections.splice(0)) client.disconnect();
      const admin = new Redis(redis!.url);
      await admin.flushall();
      admin.disconnect();
    },
  };
}
