import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpLimits, createStreamableHttpHandler } from "@turbomcp/runtime/http";
import { createMemoryLimitStore, createServer } from "@turbomcp/runtime";
import { routes } from "../../fixtures/runtime/routes.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { call, serve, statuses } from "./http-harness.js";
import { httpLimitsSuite } from "./http-limits-suite.js";

const MINUTE = 60_000;

describe("endpoint limits, memory store", () => {
  httpLimitsSuite(() => ({}));

  it("is off, and answers undefined, when no limit is configured", async () => {
    const limits = createHttpLimits({ rateLimits: {} });
    expect(limits.enabled).toBe(false);
    expect(limits.store.kind).toBe("memory");
    expect(await statuses(await serve(limits), 3)).toEqual([200, 200, 200]);
  });

  it.each([
    ["a zero limit", { perIp: { limit: 0, windowMs: MINUTE } }, /perIp.limit must be a positive integer/],
    ["a fractional window", { perPrincipal: { limit: 1, windowMs: 1.5 } }, /perPrincipal.windowMs must be an integer/],
    ["a window past setInterval's range", { perTenant: { limit: 1, windowMs: 2 ** 31 } }, /perTenant.windowMs/],
    ["an unknown failure mode", { storeFailure: "maybe" as "open" }, /storeFailure must be "open" or "closed"/],
    ["a bad IPv6 subnet", { ipv6Subnet: 129 }, /ipv6Subnet must be an integer from 1 to 128/],
    ["an unknown header mode", { rateLimitHeaders: "never" as "always" }, /rateLimitHeaders must be "refusals" or "always"/],
    ["a store and a Redis URL", { store: createMemoryLimitStore(), redisUrl: "redis://127.0.0.1:6379" }, /not both/],
    ["a bad Redis URL", { perIp: { limit: 1, windowMs: MINUTE }, redisUrl: "redis//127.0.0.1" }, /redisUrl is not a URL/],
  ])("refuses %s at creation", (_, options, message) => {
    expect(() => createHttpLimits(options)).toThrow(message);
  });

  it("refuses an MCP request before the Streamable HTTP handler reads it", async () => {
    const limits = createHttpLimits({ perIp: { limit: 1, windowMs: MINUTE } });
    const mcp = createStreamableHttpHandler(createServer(routes));
    const port = await serve(limits, mcp);
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "limits-test", version: "0" } },
    });
    const headers = { accept: "application/json, text/event-stream" };
    const first = await call(port, { headers, body: initialize });
    expect(first.status).toBe(200);
    expect(first.body).toContain('"protocolVersion":"2025-11-25"');
    const second = await call(port, { headers, body: initialize });
    expect(second.status).toBe(429);
    expect(JSON.parse(second.body)).toMatchObject({ jsonrpc: "2.0", error: { code: -32004 } });
    mcp.close();
  });
});

describe("endpoint limits, Redis store (real redis-server)", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  httpLimitsSuite(() => ({ redisUrl: redis.url, redisPrefix: `http-suite:${Date.now()}:${Math.random()}:` }));

  it("shares counts between two server instances", async () => {
    const prefix = `two-instances:${Date.now()}:`;
    const one = createHttpLimits({ redisUrl: redis.url, redisPrefix: prefix, perIp: { limit: 3, windowMs: MINUTE } });
    const two = createHttpLimits({ redisUrl: redis.url, redisPrefix: prefix, perIp: { limit: 3, windowMs: MINUTE } });
    try {
      await Promise.all([one.ready(), two.ready()]);
      const [a, b] = [await serve(one), await serve(two)];
      expect(await statuses(a, 2)).toEqual([200, 200]);
      expect(await statuses(b, 2)).toEqual([200, 429]);
      expect((await call(a)).status).toBe(429);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it("while Redis is down: lets requests through by default, answers 429 without counts when closed", async () => {
    const quiet = { error: () => undefined, warn: () => undefined };
    const open = createHttpLimits({ redisUrl: redis.url, perIp: { limit: 1, windowMs: MINUTE }, logger: quiet });
    const closed = createHttpLimits({ redisUrl: redis.url, perIp: { limit: 1, windowMs: MINUTE }, storeFailure: "closed", logger: quiet });
    try {
      await Promise.all([open.ready(), closed.ready()]);
      const [openPort, closedPort] = [await serve(open), await serve(closed)];
      await redis.stop();
      expect(await statuses(openPort, 3)).toEqual([200, 200, 200]);
      const refused = await call(closedPort);
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("5");
      expect(refused.headers["ratelimit-policy"]).toBeUndefined();
      expect(JSON.parse(refused.body)).toEqual({
        jsonrpc: "2.0",
        error: { code: -32004, message: "Rate limits cannot be checked right now: retry in 5 s", data: { retryAfterMs: 5_000 } },
      });
    } finally {
      await Promise.all([open.close(), closed.close()]);
      await redis.restart();
    }
  });
});
