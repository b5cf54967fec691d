/** The shared store suite against a real redis-server, plus what only Redis has: key layout, TTLs, script cache, outages. */
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { ManagedSession, SessionManager } from "../../../packages/runtime/src/entries/http.js";
import { McpError } from "../../../packages/runtime/src/index.js";
import { RedisSessionStore } from "../../../packages/runtime/src/entries/redis.js";
import { startRedisServer } from "../../helpers/redis-server.js";
import { prefixedStores, useRedisServer } from "../../helpers/redis-stores.js";
import { sessionStoreSuite } from "./store-suite.js";

const redis = useRedisServer();
const client = (): Redis => redis.client();

sessionStoreSuite(
  "RedisSessionStore",
  prefixedStores(redis, (connection, keyPrefix) => new RedisSessionStore({ client: connection, keyPrefix })),
);

describe("RedisSessionStore on Redis", () => {
  const RECORD = { id: "0b0c", created: 1, lastSeen: 2, requests: 3, subject: "user-1" };

  it("writes one hash per record (the JSON, and the counters touch moves) with the TTL, and an index under the same prefix", async () => {
    const raw = client();
    const store = new RedisSessionStore({ client: raw, keyPrefix: "layout:" });
    await store.save(RECORD, 60_000);
    const hash = await raw.hgetall("layout:rec:0b0c");
    expect(JSON.parse(hash.record!)).toEqual(RECORD);
    expect(hash).toMatchObject({ requests: String(RECORD.requests), lastSeen: String(RECORD.lastSeen) });
    expect(await store.touch("0b0c", 1, 60_000)).toBe(RECORD.requests + 1);
    expect(await raw.hget("layout:rec:0b0c", "record")).toBe(hash.record);
    const ttl = await raw.pttl("layout:rec:0b0c");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await raw.zrange("layout:index", "0", "-1")).toEqual(["0b0c"]);
    await store.delete("0b0c");
    expect(await raw.keys("layout:*")).toEqual([]);
  });

  it("uses the default prefix turbomcp:sessions:", async () => {
    const raw = client();
    const store = new RedisSessionStore({ client: raw });
    await store.save(RECORD, 60_000);
    expect(await raw.exists("turbomcp:sessions:rec:0b0c")).toBe(1);
    await store.delete("0b0c");
  });

  it("reads a value under its prefix that is not a record as no record", async () => {
    const raw = client();
    const store = new RedisSessionStore({ client: raw, keyPrefix: "foreign:" });
    await raw.set("foreign:rec:x", "not a hash");
    await raw.hset("foreign:rec:y", "record", JSON.stringify({ id: "y", created: "yesterday" }));
    await raw.hset("foreign:rec:z", "record", "not json");
    expect(await store.get("x")).toBeUndefined();
    expect(await store.get("y")).toBeUndefined();
    expect(await store.get("z")).toBeUndefined();
  });

  it("loads its scripts again after the server forgot them (SCRIPT FLUSH, a restart)", async () => {
    const raw = client();
    const store = new RedisSessionStore({ client: raw, keyPrefix: "flush:" });
    await store.save(RECORD, 60_000);
    await raw.script("FLUSH");
    await store.save({ ...RECORD, requests: 4 }, 60_000);
    expect(await store.count()).toBe(1);
    expect((await store.get("0b0c"))?.requests).toBe(4);
  });

  it("refuses a client that is not an ioredis client", () => {
    expect(() => new RedisSessionStore({ client: {} as Redis })).toThrow(/ioredis client/);
  });
});

describe("SessionManager on a Redis store", () => {
  /** A session with a stream open: never idle, so only the store's fate is under test. */
  class Streaming extends ManagedSession {
    override get busy(): boolean {
      return true;
    }
  }

  it("goes on serving while Redis is down, logs the outage once, and rewrites live records after Redis comes back empty", async () => {
    // A server of its own: stopping it must not disturb the other tests' clients.
    const own = await startRedisServer();
    // As the rate-limit store does: fail at once while disconnected instead of queueing.
    const raw = new Redis(own.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 20 });
    raw.on("error", () => {});
    if (raw.status !== "ready") await new Promise((resolve) => raw.once("ready", resolve));
    const store = new RedisSessionStore({ client: raw, keyPrefix: "outage:" });
    const logger = { error: vi.fn(), warn: vi.fn() };
    const sessions = new SessionManager<Streaming>({ store, logger, idleTimeoutMs: 200 });
    try {
      const session = sessions.open((id) => new Streaming(id));
      if (session instanceof McpError) throw session;
      await sessions.flush();
      expect(await store.get(session.id)).toMatchObject({ requests: 1 });

      await own.stop();
      expect(sessions.use(session.id)).toBe(session);
      expect(sessions.use(session.id)).toBe(session);
      await sessions.flush();
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(logger.error.mock.calls[0]?.[0]).toMatch(/session store write failed/);

      await own.restart();
      // The sweep (every 100 ms here) rewrites the record once the client has reconnected.
      for (;;) {
        const found = await store.get(session.id).catch(() => undefined);
        if (found?.requests === 3) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(logger.error).toHaveBeenCalledTimes(1);
      await sessions.flush();
      expect(logger.warn).toHaveBeenCalledWith("session store writes succeed again");
    } finally {
      sessions.close();
      raw.disconnect();
      await own.stop();
    }
  });
});
