import { afterAll, describe, expect, it } from "vitest";
import { redisPing, startRedisServer, type RedisServer } from "../../helpers/redis-server.js";

describe("test helper: a real redis-server", () => {
  const started: RedisServer[] = [];
  afterAll(async () => {
    for (const server of started) await server.stop();
  });

  it("answers PING on a loopback port, stops, and comes back empty on the same port", async () => {
    const redis = await startRedisServer();
    started.push(redis);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await redisPing(redis.port)).toBe(true);
    await redis.stop();
    expect(redis.running).toBe(false);
    expect(await redisPing(redis.port)).toBe(false);
    await redis.restart();
    expect(redis.running).toBe(true);
    expect(await redisPing(redis.port)).toBe(true);
  });

  it("fails (never skips) with an install hint when the binary is missing", async () => {
    await expect(startRedisServer({ binary: "redis-server-that-does-not-exist" })).rejects.toThrow(/apt-get install -y redis-server/);
  });
});
