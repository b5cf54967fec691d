/**
 * Tenant policies in a Redis hash, against a real redis-server: an HSET is seen by
 * the next new tenant at once and by a cached one after `cacheMs`; a broken policy is
 * never taken as "no limits" (a new tenant is refused, a known one keeps its last
 * good policy); tenants without a field fall back to the manifest.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRedisTenantDirectory, type RedisTenantDirectoryOptions } from "@turbomcp/runtime/redis";
import { createTenantResolver, manifestTenantDirectory, type TenantDirectory } from "@turbomcp/runtime/tenancy";
import { listenHttp } from "@turbomcp/runtime/http";
import { type TenantPolicy } from "@turbomcp/runtime";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { quiet, tenantTable } from "./kit.js";

const STATELESS_META = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };

let redis: RedisServer;
let client: Redis;
let hashes = 0;
beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

function open(options: Partial<RedisTenantDirectoryOptions> = {}) {
  const key = `test:tenants:${++hashes}`;
  const logger = { error: vi.fn(), warn: vi.fn() };
  const directory = createRedisTenantDirectory({ client, key, cacheMs: 60_000, logger, ...options });
  return { directory, key, logger };
}

/** `policyOf` awaited, whether it answered from the cache or not. */
const policyOf = async (directory: TenantDirectory, id: string): Promise<TenantPolicy | undefined> => directory.policyOf(id);

async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createRedisTenantDirectory", () => {
  it("serves a policy set with HSET, then from its cache: synchronously, the same object", async () => {
    const { directory, key } = open();
    await directory.ready();
    await client.hset(key, "acme", JSON.stringify({ deniedTools: ["drop_table"], maxConcurrentRequests: 5 }));
    const first = directory.policyOf("acme");
    expect(first).toBeInstanceOf(Promise);
    const policy = await first;
    expect(policy).toEqual({ deniedTools: ["drop_table"], maxConcurrentRequests: 5 });
    const cached = directory.policyOf("acme");
    expect(cached).not.toBeInstanceOf(Promise);
    expect(cached).toBe(policy);
  });

  it("sees a change after cacheMs, and keeps the object of a policy whose text did not change", async () => {
    const { directory, key } = open({ cacheMs: 100 });
    await client.hset(key, "acme", JSON.stringify({ maxConcurrentRequests: 1 }), "globex", JSON.stringify({ maxConcurrentRequests: 7 }));
    const globex = await policyOf(directory, "globex");
    expect(await policyOf(directory, "acme")).toEqual({ maxConcurrentRequests: 1 });
    await client.hset(key, "acme", JSON.stringify({ maxConcurrentRequests: 9 }));
    expect(await policyOf(directory, "acme")).toEqual({ maxConcurrentRequests: 1 });
    await eventually(async () => (await policyOf(directory, "acme"))?.maxConcurrentRequests === 9);
    await sleep(120);
    await policyOf(directory, "globex");
    await sleep(20);
    expect(await policyOf(directory, "globex")).toBe(globex);
  });

  it("refuses a tenant seen for the first time whose policy is broken, and logs it", async () => {
    const { directory, key, logger } = open();
    await client.hset(key, "acme", "{ not json", "globex", JSON.stringify({ rateLimit: { limit: 0, windowMs: 1 } }));
    await expect(policyOf(directory, "acme")).rejects.toThrow();
    await expect(policyOf(directory, "globex")).rejects.toThrow(/rateLimit must be/);
    expect(logger.error).toHaveBeenCalledWith(
      `tenant directory ${key}: the policy of one tenant is broken; its requests are refused until it is fixed`,
      expect.anything(),
    );
  });

  it("keeps a known tenant's last good policy when its field breaks, asking Redis again once per cacheMs rather than per request", async () => {
    const { directory, key, logger } = open({ cacheMs: 100 });
    await client.hset(key, "acme", JSON.stringify({ deniedTools: ["drop_table"] }));
    const good = await policyOf(directory, "acme");
    await client.hset(key, "acme", JSON.stringify({ deniedTools: "drop_table" }));
    await sleep(120);
    for (let request = 0; request < 20; request++) {
      expect(await policyOf(directory, "acme")).toBe(good);
      await sleep(2);
    }
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it("over HTTP, a new tenant with a broken policy is refused with -32603 and its neighbours are served by their policies", async () => {
    const { directory, key } = open();
    await client.hset(key, "acme", "{ not json", "globex", JSON.stringify({ deniedTools: ["drop_table"] }));
    const tenancy = { sources: [{ type: "header", name: "x-tenant-id" }], required: true, defaults: {}, tenants: {} } as const;
    const listener = await listenHttp(tenantTable(tenancy), {
      port: 0,
      logger: quiet,
      legacySse: false,
      tenancy: createTenantResolver(tenancy, { directory }),
    });
    try {
      const list = (tenant: string) =>
        fetch(listener.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "x-tenant-id": tenant,
            "mcp-protocol-version": "2026-07-28",
            "mcp-method": "tools/list",
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: STATELESS_META } }),
        });
      const refused = await list("acme");
      expect(refused.status).toBe(500);
      expect(await refused.json()).toMatchObject({ error: { code: -32603, message: "Internal error" } });
      const served = await list("globex");
      expect(served.status).toBe(200);
      expect(((await served.json()) as { result: { tools: { name: string }[] } }).result.tools.map((tool) => tool.name)).not.toContain("drop_table");
    } finally {
      await listener.close({ drainTimeoutMs: 0 });
    }
  });

  it("falls back to the manifest's policies for tenants without a field", async () => {
    const fallback = manifestTenantDirectory({
      sources: [{ type: "header", name: "x-tenant-id" }],
      required: true,
      defaults: {},
      tenants: { globex: { allowedTools: ["search"] }, acme: { allowedTools: ["never-seen"] } },
    });
    const { directory, key } = open({ fallback });
    await client.hset(key, "acme", JSON.stringify({ maxConcurrentRequests: 2 }));
    expect(await policyOf(directory, "acme")).toEqual({ maxConcurrentRequests: 2 });
    expect(await policyOf(directory, "globex")).toEqual({ allowedTools: ["search"] });
    expect(await policyOf(directory, "initech")).toBeUndefined();
  });
});
