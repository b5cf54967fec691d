/**
 * The tenant gate through a real server: a tenant's `rateLimit` and
 * `maxConcurrentRequests` refuse its own requests (-32004 with the wait) and never a
 * neighbour's; a concurrency store that cannot answer admits or refuses as
 * `storeFailure` says.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpError, defineRoutes, toolRoute, type ConcurrencyStore, type TenantGate, type TenantPolicy } from "@turbomcp/runtime";
import { createRedisConcurrencyStore } from "@turbomcp/runtime/redis";
import { createTenantGate } from "@turbomcp/runtime/tenancy";
import { compile } from "../../fixtures/runtime/validators.js";
import { startRedisServer } from "../../helpers/redis-server.js";
import { peerOf, quiet, serverFor, tenantCaller, tenantTable } from "./kit.js";

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;

/** A tool that runs until the test lets it finish. */
function blockingTable() {
  const waiting: (() => void)[] = [];
  const routes = defineRoutes({
    server: { name: "gate", version: "1.0.0" },
    tools: [
      toolRoute<object, string>({
        definition: { name: "hold", inputSchema: noInput },
        validateInput: compile(noInput),
        handler: (_input, ctx) => new Promise<string>((resolve) => waiting.push(() => resolve(`done for ${ctx.tenant?.id ?? "?"}`))),
        policy: { scopes: [] },
      }),
    ],
  });
  return { routes, waiting };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("rate limit per tenant", () => {
  it("refuses a tenant's requests over its rateLimit with -32004 and the wait; a neighbour with the same policy is unaffected", async () => {
    const policy: TenantPolicy = { rateLimit: { limit: 2, windowMs: 60_000 } };
    const server = serverFor(tenantTable(), { tenantGate: createTenantGate() });
    const acme = peerOf(server, tenantCaller("acme", policy));
    const globex = peerOf(server, tenantCaller("globex", policy));
    const call = { name: "search", arguments: {} };
    expect((await acme.stateless("tools/call", call)).result).toBeDefined();
    expect((await acme.stateless("tools/list")).result).toBeDefined();
    const refused = await acme.stateless("tools/call", call);
    expect(refused.error).toMatchObject({ code: -32004, message: expect.stringMatching(/^Too many requests for this tenant: retry in \d+ s$/) });
    expect((refused.error?.data as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expect(refused.error?.message).not.toContain("acme");
    expect((await globex.stateless("tools/call", call)).result).toMatchObject({ content: [{ type: "text", text: "search for globex" }] });
  });
});

describe("concurrency bound per tenant", () => {
  it("refuses a tenant's request beyond maxConcurrentRequests at once, serves its neighbour, and frees the slot when the reply is out", async () => {
    const { routes, waiting } = blockingTable();
    const server = serverFor(routes, { tenantGate: createTenantGate() });
    const policy: TenantPolicy = { maxConcurrentRequests: 1 };
    const acme = peerOf(server, tenantCaller("acme", policy));
    const globex = peerOf(server, tenantCaller("globex", policy));
    const first = acme.stateless("tools/call", { name: "hold", arguments: {} });
    await until(() => waiting.length === 1);
    const refused = await acme.stateless("tools/call", { name: "hold", arguments: {} });
    expect(refused.error).toMatchObject({ code: -32004, message: "Too many requests of this tenant in progress: retry in 1 s", data: { retryAfterMs: 1000 } });
    const neighbour = globex.stateless("tools/call", { name: "hold", arguments: {} });
    await until(() => waiting.length === 2);
    for (const finish of waiting.splice(0)) finish();
    expect((await first).result).toMatchObject({ content: [{ type: "text", text: "done for acme" }] });
    expect((await neighbour).result).toMatchObject({ content: [{ type: "text", text: "done for globex" }] });
    const again = acme.stateless("tools/call", { name: "hold", arguments: {} });
    await until(() => waiting.length === 1);
    waiting.splice(0)[0]!();
    expect((await again).result).toBeDefined();
  });

  it("does not let an open subscriptions/listen stream hold one of the tenant's slots for its lifetime", async () => {
    const server = serverFor(tenantTable(), { tenantGate: createTenantGate() });
    const acme = peerOf(server, tenantCaller("acme", { maxConcurrentRequests: 1 }));
    acme.start("subscriptions/listen", { notifications: { resourceSubscriptions: ["docs://public"] } });
    await until(() => acme.notifications("notifications/subscriptions/acknowledged").length === 1);
    expect((await acme.stateless("tools/call", { name: "search", arguments: {} })).result).toMatchObject({ content: [{ text: "search for acme" }] });
    server.close();
  });

  it("gives one slot back when a release is called twice", async () => {
    const gate = createTenantGate();
    const tenant = { id: "acme", policy: { maxConcurrentRequests: 2 } };
    const release = await gate.enter(tenant);
    await gate.enter(tenant);
    release();
    release();
    await gate.enter(tenant);
    expect(() => gate.enter(tenant)).toThrow(McpError);
  });

  it("admits at once, without a promise, a tenant whose policy sets no limit", () => {
    const entering = createTenantGate().enter({ id: "acme", policy: { deniedTools: ["x"] } });
    expect(entering).not.toBeInstanceOf(Promise);
  });
});

describe("a concurrency store that cannot answer (Redis stopped)", () => {
  let slots: ConcurrencyStore;
  let client: Redis;
  beforeAll(async () => {
    const redis = await startRedisServer();
    // No offline queue: with Redis gone, a command fails at once instead of waiting for a reconnect.
    client = new Redis(redis.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 50 });
    client.on("error", () => undefined);
    await new Promise((resolve) => client.once("ready", resolve));
    await client.ping();
    await redis.stop();
    await until(() => client.status !== "ready");
    slots = createRedisConcurrencyStore({ client, logger: quiet });
  });
  afterAll(() => client.disconnect());

  const tenant = { id: "acme", policy: { maxConcurrentRequests: 1 } };

  async function callWith(gate: TenantGate) {
    const server = serverFor(tenantTable(), { tenantGate: gate });
    return peerOf(server, tenantCaller(tenant.id, tenant.policy)).stateless("tools/call", { name: "search", arguments: {} });
  }

  it('admits with storeFailure "open" (the default)', async () => {
    await expect(Promise.resolve(createTenantGate({ concurrency: slots }).enter(tenant))).resolves.toBeTypeOf("function");
    expect((await callWith(createTenantGate({ concurrency: slots, storeFailure: "open" }))).result).toBeDefined();
  });

  it('refuses with storeFailure "closed": -32004 and a wait, not an internal error', async () => {
    const closed = createTenantGate({ concurrency: slots, storeFailure: "closed" });
    await expect(Promise.resolve(closed.enter(tenant))).rejects.toMatchObject({ code: "rate_limited", data: { retryAfterMs: 5000 } });
    expect((await callWith(closed)).error).toMatchObject({ code: -32004, message: "Concurrency limits cannot be checked right now: retry in 5 s" });
  });
});
