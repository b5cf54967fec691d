/** The Express variant for users' own routes: express-rate-limit itself, answering like the MCP endpoint. */
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLimitStore } from "@turbomcp/runtime/redis";
import { rateLimitMiddleware, type RateLimitMiddlewareOptions } from "@turbomcp/runtime/express";
import { type LimitStore, type ServerLogger } from "@turbomcp/runtime";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { call, statuses } from "./http-harness.js";

const MINUTE = 60_000;
const servers = new Set<Server>();
const logged: string[] = [];
const logger: ServerLogger = { error: (message) => logged.push(message), warn: (message) => logged.push(message) };

afterEach(async () => {
  await Promise.all([...servers].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  servers.clear();
  logged.length = 0;
});

/** An Express app with the middleware in front of POST /mcp (the harness's path), on 127.0.0.1:0. */
async function app(options: RateLimitMiddlewareOptions): Promise<number> {
  const application = express();
  application.use(rateLimitMiddleware({ logger, ...options }));
  application.post("/mcp", (_req, res) => {
    res.json({ ok: true });
  });
  const server = application.listen(0, "127.0.0.1");
  servers.add(server);
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return (server.address() as AddressInfo).port;
}

describe("rateLimitMiddleware", () => {
  it("answers 429 after N requests per IP, with Retry-After, draft-8 fields and a JSON-RPC body", async () => {
    const port = await app({ policy: { limit: 2, windowMs: MINUTE } });
    expect(await statuses(port, 2)).toEqual([200, 200]);
    const refused = await call(port);
    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toMatch(/^application\/json/);
    expect(refused.headers["ratelimit-policy"]).toMatch(/^"ip"; q=2; w=60; pk=:[A-Za-z0-9+/]+=*:$/);
    expect(refused.headers.ratelimit).toMatch(/^"ip"; r=0; t=\d+$/);
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(JSON.parse(refused.body)).toEqual({
      jsonrpc: "2.0",
      error: { code: -32004, message: `Too many requests (ip limit): retry in ${retryAfter} s`, data: { retryAfterMs: expect.any(Number) } },
    });
    expect(await statuses(port, 1, { from: "127.0.0.2" })).toEqual([200]);
    // express-rate-limit's own configuration checks found nothing to complain about.
    expect(logged).toEqual([]);
  });

  it("counts by a key of your own and skips requests without one", async () => {
    const port = await app({ policy: { limit: 1, windowMs: MINUTE }, by: (req) => req.get("x-client-id"), name: "client" });
    const acme = { headers: { "x-client-id": "acme" } };
    expect(await statuses(port, 2, acme)).toEqual([200, 429]);
    expect((await call(port, acme)).headers["ratelimit-policy"]).toMatch(/^"client"; q=1; w=60; /);
    expect(await statuses(port, 1, { headers: { "x-client-id": "globex" } })).toEqual([200]);
    expect(await statuses(port, 3)).toEqual([200, 200, 200]);
    expect(logged).toEqual([]);
  });

  it("refuses bad options when created", () => {
    expect(() => rateLimitMiddleware({ policy: { limit: 0, windowMs: MINUTE } })).toThrow(/policy.limit/);
    expect(() => rateLimitMiddleware({ policy: { limit: 1, windowMs: MINUTE }, storeFailure: "never" as "open" })).toThrow(/storeFailure/);
  });
});

describe("rateLimitMiddleware on a Redis LimitStore (real redis-server)", () => {
  let redis: RedisServer;
  const stores: LimitStore[] = [];
  const store = async (prefix: string): Promise<LimitStore> => {
    const made = createLimitStore({ redisUrl: redis.url, redisPrefix: `${prefix}:`, logger });
    stores.push(made);
    await made.ready();
    return made;
  };
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    for (const made of stores.splice(0)) await made.close();
  });
  afterAll(() => redis.stop());

  it("shares counts between two apps (two server instances)", async () => {
    const policy = { limit: 3, windowMs: MINUTE };
    const [one, two] = [await app({ policy, store: await store("instances") }), await app({ policy, store: await store("instances") })];
    expect(await statuses(one, 2)).toEqual([200, 200]);
    expect(await statuses(two, 2)).toEqual([200, 429]);
    expect(logged).toEqual([]);
  });

  it("while Redis is down: passes by default, 429 with Retry-After when closed", async () => {
    const policy = { limit: 1, windowMs: MINUTE };
    const shared = await store("down");
    const [open, closed] = [await app({ policy, store: shared }), await app({ policy, store: shared, storeFailure: "closed" })];
    await redis.stop();
    try {
      expect(await statuses(open, 3)).toEqual([200, 200, 200]);
      const refused = await call(closed);
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("5");
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: -32004, message: "Rate limits cannot be checked right now: retry in 5 s" } });
      // One line for the outage, from the store; none per request.
      expect(logged).toEqual([expect.stringMatching(/is failing/)]);
    } finally {
      await redis.restart();
    }
  });
});
