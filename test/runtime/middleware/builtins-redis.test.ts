/**
 * The built-in middleware on a real redis-server, through the production pipeline
 * as `redisUrl` sets it up: two servers on one Redis, as two instances behind a load
 * balancer, share cached answers (within their scope) and concurrency slots; a
 * Redis that goes away costs cache hits, never answers.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  concurrencyLimit,
  createProductionPipeline,
  resolveRuntimeConfig,
  resultCache,
  type Caller,
  type ProductionPipeline,
  type ServerLogger,
} from "../../../packages/runtime/src/index.js";
import { builtinMiddlewareRoutes, type BuiltinMiddlewareFixture } from "../../fixtures/runtime/builtin-middleware-routes.js";
import { routes as plainRoutes } from "../../fixtures/runtime/routes.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { memoryClient } from "../helpers/memory-client.js";

let redis: RedisServer;
let raw: Redis;
const pipelines: ProductionPipeline[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
  raw.on("error", () => undefined);
});
afterAll(async () => {
  for (const pipeline of pipelines) await pipeline.close();
  raw.disconnect();
  await redis?.stop();
});

const quiet: ServerLogger = { error: () => {}, warn: () => {} };
const config = () => resolveRuntimeConfig({ env: { TURBOMCP_REDIS_URL: redis.url } });
const connectionNames = async (): Promise<string[]> => [...String(await raw.client("LIST")).matchAll(/ name=(\S*)/g)].map((match) => match[1]!);

function caller(subject: string, tenant: string): Caller {
  return { principal: { subject, scopes: [], scheme: "apiKey", claims: {} }, tenant: { id: tenant, policy: {} } };
}

/** One instance: a production pipeline on the shared Redis and a server on its options. */
async function instance(fixture: BuiltinMiddlewareFixture, who?: Caller) {
  const pipeline = await createProductionPipeline(fixture.routes, config(), { transport: "stdio", logger: quiet });
  pipelines.push(pipeline);
  await pipeline.ready();
  const { logger: _logger, ...options } = pipeline.serverOptions;
  const client = memoryClient(fixture.routes, { ...options, ...(who !== undefined && { caller: who }) });
  await client.initialize();
  return client;
}

async function text(client: ReturnType<typeof memoryClient>, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const reply = await client.request("tools/call", { name, arguments: args });
  if (reply.result === undefined) throw new Error(`tools/call ${name}: ${JSON.stringify(reply.error)}`);
  return (reply.result as { content: { text: string }[] }).content[0]!.text;
}

describe("the built-in middleware on Redis", () => {
  it("gets a Redis connection of its own from the pipeline, only when the routes have middleware", async () => {
    const fixture = builtinMiddlewareRoutes({ lookup: [resultCache({ ttlMs: 60_000 })] });
    const pipeline = await createProductionPipeline(fixture.routes, config(), { transport: "stdio", logger: quiet });
    await pipeline.ready();
    expect(pipeline.serverOptions.redis).toBeInstanceOf(Redis);
    await pipeline.serverOptions.redis!.ping();
    expect(await connectionNames()).toContain("turbomcp-middleware");
    await pipeline.close();
    expect(await connectionNames()).not.toContain("turbomcp-middleware");
    const plain = await createProductionPipeline(plainRoutes, config(), { transport: "stdio", logger: quiet });
    expect(plain.serverOptions.redis).toBeUndefined();
    await plain.close();
  });

  it("serves an answer one instance cached from another, within its scope", async () => {
    const fixture = builtinMiddlewareRoutes({ lookup: [resultCache({ ttlMs: 60_000, scope: "tenant" })] });
    const a = await instance(fixture, caller("alice", "acme"));
    const b = await instance(fixture, caller("bob", "acme"));
    const c = await instance(fixture, caller("carol", "globex"));
    expect(await text(a, "lookup", { q: "shared" })).toBe("run 1 of shared");
    expect(await text(b, "lookup", { q: "shared" })).toBe("run 1 of shared");
    expect(await text(c, "lookup", { q: "shared" })).toBe("run 2 of shared");
    expect(fixture.runs.get("lookup")).toBe(2);
    expect((await raw.keys("turbomcp:cache:*")).length).toBe(2);
  });

  it("holds a concurrency limit across instances", async () => {
    const fixture = builtinMiddlewareRoutes({ slow: [concurrencyLimit({ max: 1 })] });
    const a = await instance(fixture);
    const b = await instance(fixture);
    const started = fixture.started();
    const held = a.request("tools/call", { name: "slow", arguments: {} });
    await started;
    const refused = await b.request("tools/call", { name: "slow", arguments: {} });
    expect(refused.error).toMatchObject({ code: -32004 });
    fixture.release();
    await held;
    const again = fixture.started();
    const next = b.request("tools/call", { name: "slow", arguments: {} });
    await again;
    fixture.release();
    expect((await next).result).toMatchObject({ content: [{ text: "slow 2" }] });
  });

  it("answers without the cache while Redis is away (logged once), and caches again once it is back", async () => {
    const fixture = builtinMiddlewareRoutes({ lookup: [resultCache({ ttlMs: 60_000 })] });
    const client = await instance(fixture);
    const errors = (): string[] => client.errors.map((logged) => logged.message);
    expect(await text(client, "lookup", { q: "o" })).toBe("run 1 of o");
    await redis.stop();
    try {
      expect(await text(client, "lookup", { q: "o" })).toBe("run 2 of o");
      expect(await text(client, "lookup", { q: "o" })).toBe("run 3 of o");
      expect(errors().filter((message) => message.includes("result cache"))).toEqual([
        "The result cache's redis store is failing; requests run without it until it answers",
      ]);
    } finally {
      await redis.restart();
    }
    // ioredis reconnects by itself; the first answers may still miss while it does.
    let cachedAgain = false;
    for (let attempt = 0; attempt < 50 && !cachedAgain; attempt++) {
      const first = await text(client, "lookup", { q: `fresh ${attempt}` });
      await new Promise((resolve) => setTimeout(resolve, 100));
      cachedAgain = (await text(client, "lookup", { q: `fresh ${attempt}` })) === first;
    }
    expect(cachedAgain).toBe(true);
  });
});
