/** Legacy SSE sessions across instances through a real redis-server: `RedisBus` and `RedisSessionStore`, each instance on connections of its own. */
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { RedisBus, RedisEventStore, RedisSessionStore } from "../../../packages/runtime/src/entries/redis.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { quiet } from "./legacy-sse-harness.js";
import { legacySseClusterSuite } from "./legacy-sse-suite.js";

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

legacySseClusterSuite("Redis bus and store", {
  store: async () => new RedisSessionStore({ client: connect() }),
  instance: async () => {
    const publisher = connect();
    return { bus: new RedisBus({ publisher, subscriber: connect(), logger: quiet }), eventStore: new RedisEventStore({ client: publisher }) };
  },
  cleanup: async () => {
    for (const client of connections.splice(0)) client.disconnect();
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
  },
});
