/**
 * Tenancy across instances: two team-notes processes on one real redis-server
 * (TURBOMCP_REDIS_URL, TURBOMCP_TENANT_DIRECTORY=redis) share each tenant's rate
 * limit and concurrency bound, and read tenants added at run time from the Redis
 * directory, whichever instance a request reaches.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import type { Started } from "../../runtime/production/kit.js";
import { KEYS, replyOf, startExample, statelessCall, token } from "./kit.js";

describe("tenancy on two instances sharing one Redis", { timeout: 60_000 }, () => {
  let redis: RedisServer;
  let admin: Redis;
  let a: Started;
  let b: Started;

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
    const env = { TURBOMCP_REDIS_URL: redis.url, TURBOMCP_TENANT_DIRECTORY: "redis", TURBOMCP_AUDIT_ENABLED: "false" };
    [a, b] = await Promise.all([startExample(["--transport", "http", "--port", "0"], env), startExample(["--transport", "http", "--port", "0"], env)]);
  });

  afterAll(async () => {
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    admin.disconnect();
    await redis?.stop();
  });

  const list = (server: Started, headers: Record<string, string>) => statelessCall(server.url, "tools/list", {}, headers);

  it("spends a tenant's rateLimit across both instances (umbrella: 5 a minute), not its neighbour's", async () => {
    const umbrella = { authorization: `Bearer ${await token("redis-analyst", "umbrella")}` };
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await list(index % 2 === 0 ? a : b, umbrella)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await list(b, { "x-api-key": KEYS.acme.key })).status).toBe(200);
  });

  it("holds a tenant to maxConcurrentRequests across both instances (globex: 2)", async () => {
    const call = (server: Started) =>
      statelessCall(server.url, "tools/call", { name: "build_report", arguments: { ms: 800 } }, { "x-api-key": KEYS.globex.key });
    const statuses = (await Promise.all([call(a), call(b), call(a), call(b)])).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect((await call(b)).status).toBe(200);
  });

  it("serves a tenant added to the Redis directory at run time, on both instances", async () => {
    await admin.hset("turbomcp:tenants", "hooli", JSON.stringify({ allowedTools: ["search_notes"], maxConcurrentRequests: 3 }));
    const hooli = { authorization: `Bearer ${await token("gavin", "hooli")}` };
    for (const server of [a, b]) {
      const tools = ((await replyOf(await list(server, hooli))).result?.tools ?? []) as { name: string }[];
      expect(tools.map((tool) => tool.name)).toEqual(["search_notes"]);
    }
  });

  it("refuses a tenant whose directory entry is broken, rather than serving it without limits", async () => {
    await admin.hset("turbomcp:tenants", "broken", "{ not json");
    const response = await list(a, { authorization: `Bearer ${await token("b", "broken")}` });
    expect(response.status).toBe(500);
    expect((await replyOf(response)).error).toMatchObject({ code: -32603 });
  });
});
