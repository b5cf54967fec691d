/**
 * For the store suites on Redis: one redis-server for the test file, ioredis clients
 * on it (all disconnected after the file), and a fixture whose every store gets a key
 * prefix of its own (the tests share the server) and whose peers are other connections
 * to the same prefix, as other instances behind a load balancer have.
 *
 * @example
 * ```ts
 * const redis = useRedisServer();
 * storeSuite("RedisThing", prefixedStores(redis, (client, keyPrefix) => new RedisThing({ client, keyPrefix })));
 * ```
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { startRedisServer, type RedisServer } from "./redis-server.js";

export interface RedisForTests {
  /** A new connection to this file's server. */
  client(): Redis;
}

/** Starts a redis-server before the file's tests and stops it, and every client made, after them. */
export function useRedisServer(): RedisForTests {
  let server: RedisServer | undefined;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const made of clients) made.disconnect();
    await server?.stop();
  });
  return {
    client() {
      if (server === undefined) throw new Error("useRedisServer: the server starts in beforeAll; make clients inside tests");
      const made = new Redis(server.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
      clients.push(made);
      return made;
    },
  };
}

/** `open()`: a store on a new connection and a prefix of its own; `peer(store)`: another connection to that store's prefix. */
export function prefixedStores<S extends object>(
  redis: RedisForTests,
  make: (client: Redis, keyPrefix: string) => S,
): { open(): Promise<S>; peer(store: object): Promise<S> } {
  const prefixes = new WeakMap<object, string>();
  let stores = 0;
  return {
    async open() {
      const keyPrefix = `test:${++stores}:`;
      const store = make(redis.client(), keyPrefix);
      prefixes.set(store, keyPrefix);
      return store;
    },
    async peer(store) {
      const keyPrefix = prefixes.get(store);
      if (keyPrefix === undefined) throw new Error("prefixedStores: peer() of a store this fixture did not open");
      return make(redis.client(), keyPrefix);
    },
  };
}
