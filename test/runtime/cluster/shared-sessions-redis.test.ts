/** Sessions shared between instances through a real redis-server: `RedisBus`, `RedisSessionStore` and `RedisEventStore`, each instance on connections of its own. */
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { RedisBus, RedisEventStore, RedisSessionStore } from "../../../packages/runtime/src/entries/redis.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { sharedSessionSuite } from "./shared-sessions-suite.js";

let redis: RedisServer;
const connections: Redis[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);

afterAll(async () => {
  await redis?.stop();
});

function connect(): Redis {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  connections.push(client);
  return client;
}

sharedSessionSuite("Redis bus and stores", {
  store: async () => new RedisSessionStore({ client: connect() }),
  instance: async () => {
    // The event store appends on the bus's publishing connection, which keeps each event's append ahead of its publish.
    const publisher = connect();
    return {
      bus: new RedisBus({ publisher, subscriber: connect(), logger: { error: () => {}, warn: () => {} } }),
      eventStore: new RedisEventStore({ client: publisher }),
    };
  },
  cleanup: async () => {
    for (const client of connections.splice(0)) client.disconnect();
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
  },
});
