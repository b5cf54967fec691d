/**
 * Tenancy end to end over Streamable HTTP, on one real team-notes server process and
 * the official SDK v1 client, in both protocol eras: tenants from API keys and JWT
 * claims, policies in calls and lists, per-tenant limits with a neighbour still
 * served, the concurrency bound under parallel calls, sessions and subscriptions bound
 * to their tenant, audit lines with the tenant, and a randomized mixed workload across
 * three tenants with no answer ever crossing tenants.
 */
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import type { Started } from "../../runtime/production/kit.js";
import { KEYS, replyOf, sessionClient, startExample, statelessCall, textOf, token } from "./kit.js";

/**
 * The suite runs twice: with the stores in memory, and with them in a real redis-server
 * (rate limits, concurrency slots and the tenant directory in Redis).
 */
const VARIANTS = ["memory", "redis"] as const;

let server: Started;
let redis: RedisServer | undefined;

const key = (tenant: keyof typeof KEYS): Record<string, string> => ({ "x-api-key": KEYS[tenant].key });

describe.each(VARIANTS)("tenancy over HTTP, %s stores", (variant) => {
  beforeAll(async () => {
    redis = variant === "redis" ? await startRedisServer() : undefined;
    const env: Record<string, string> = redis === undefined ? {} : { TURBOMCP_REDIS_URL: redis.url, TURBOMCP_TENANT_DIRECTORY: "redis" };
    server = await startExample(["--transport", "http", "--port", "0"], env);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await redis?.stop();
  });

  describe("tenants from credentials", () => {
    it("serves each tenant its own notes: API key record, API key segment, JWT claim", async () => {
      const umbrella = { authorization: `Bearer ${await token("umbrella-analyst", "umbrella")}` };
      const marker = `m${Date.now()}`;
      for (const [who, headers] of [
        ["acme", key("acme")],
        ["initech", key("initech")],
        ["umbrella", umbrella],
      ] as const) {
        const client = await sessionClient(server.url, headers);
        await client.callTool({ name: "create_note", arguments: { title: `${marker} of ${who}`, body: "" } });
        const found = textOf(await client.callTool({ name: "search_notes", arguments: { query: marker } }));
        expect(found.split("\n")).toHaveLength(1);
        expect(found).toContain(`of ${who}`);
        await client.close();
      }
    });

    it("refuses credentials that belong to no tenant (403) and a token without the claim (403)", async () => {
      const loner = await statelessCall(server.url, "tools/list", {}, key("loner"));
      expect(loner.status).toBe(403);
      expect((await replyOf(loner)).error).toMatchObject({ code: -32003, message: "Forbidden: these credentials belong to no tenant" });
      const unclaimed = await statelessCall(server.url, "tools/list", {}, { authorization: `Bearer ${await token("nobody")}` });
      expect(unclaimed.status).toBe(403);
    });
  });

  describe("tenant policies", () => {
    it("hides and refuses what a tenant's policy denies, in lists and calls, in both eras", async () => {
      const globex = await sessionClient(server.url, key("globex"));
      expect((await globex.listTools()).tools.map((tool) => tool.name)).toEqual(["create_note", "get_note", "search_notes", "build_report"]);
      expect((await globex.listResources()).resources).toEqual([]);
      expect((await globex.listResourceTemplates()).resourceTemplates.map((template) => template.name)).toEqual(["note"]);
      expect((await globex.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(["summarize_note"]);
      await expect(globex.readResource({ uri: "notes://index" })).rejects.toThrow(/resource index is not available to this tenant/);
      await expect(globex.getPrompt({ name: "weekly_digest" })).rejects.toThrow(/prompt weekly_digest is not available to this tenant/);
      await globex.close();

      const list = await statelessCall(server.url, "tools/list", {}, key("globex"));
      const listed = (await replyOf(list)).result as { tools: { name: string }[]; cacheScope?: string };
      expect(listed.tools.map((tool) => tool.name)).toEqual(["create_note", "get_note", "search_notes", "build_report"]);
      expect(listed.cacheScope).toBe("private");
      const denied = await statelessCall(server.url, "tools/call", { name: "purge_notes", arguments: {} }, key("globex"));
      expect(denied.status).toBe(403);
      expect((await replyOf(denied)).error).toMatchObject({ code: -32003, message: "Forbidden: tool purge_notes is not available to this tenant" });
    });

    it("applies the defaults to a tenant without a policy, and a tenant's own policy instead of them", async () => {
      const initech = await sessionClient(server.url, key("initech"));
      expect((await initech.listTools()).tools.map((tool) => tool.name)).not.toContain("purge_notes");
      await initech.close();
      const acme = await sessionClient(server.url, key("acme"));
      expect((await acme.listTools()).tools.map((tool) => tool.name)).toContain("purge_notes");
      await acme.close();
    });

    it("refuses another tenant's record by id (validateTenantOwnership) without naming either tenant", async () => {
      const acme = await sessionClient(server.url, key("acme"));
      const created = await acme.callTool({ name: "create_note", arguments: { title: "acme secret", body: "s3cr3t" } });
      const id = (created.structuredContent as { id: number }).id;
      await acme.close();
      const response = await statelessCall(server.url, "tools/call", { name: "get_note", arguments: { id } }, key("initech"));
      const reply = await replyOf(response);
      expect(reply.error).toEqual({ code: -32003, message: "Forbidden: not available to this tenant" });
      expect(JSON.stringify(reply)).not.toMatch(/acme|s3cr3t/);
    });
  });

  describe("per-tenant limits", () => {
    it("refuses a tenant over its rateLimit with 429 and Retry-After, while its neighbour is served", async () => {
      const umbrella = { authorization: `Bearer ${await token("umbrella-limits", "umbrella")}` };
      const statuses: number[] = [];
      // umbrella's policy allows 5 requests a minute (some may be used by earlier tests).
      for (let attempt = 0; attempt < 7; attempt++) statuses.push((await statelessCall(server.url, "tools/list", {}, umbrella)).status);
      expect(statuses.at(-1)).toBe(429);
      const limited = await statelessCall(server.url, "tools/list", {}, umbrella);
      expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await replyOf(limited)).error).toMatchObject({ code: -32004, message: expect.stringMatching(/^Too many requests for this tenant/) });
      // The session era answers the same refusal with 429 too.
      const acme = await statelessCall(server.url, "tools/list", {}, key("acme"));
      expect(acme.status).toBe(200);
    });

    it("holds a tenant to maxConcurrentRequests under parallel calls (globex: 2), not its neighbour", async () => {
      const call = (tenant: "globex" | "acme") => statelessCall(server.url, "tools/call", { name: "build_report", arguments: { ms: 600 } }, key(tenant));
      const globex = await Promise.all([call("globex"), call("globex"), call("globex"), call("globex")]);
      const statuses = globex.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 200, 429, 429]);
      const acme = await Promise.all([call("acme"), call("acme"), call("acme"), call("acme")]);
      expect(acme.map((response) => response.status)).toEqual([200, 200, 200, 200]);
      // Slots come back: globex is served again once its calls finished.
      expect((await call("globex")).status).toBe(200);
    });
  });

  describe("binding to tenants", () => {
    it("never lets another tenant use a session, even with valid credentials", async () => {
      const initialize = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...key("acme") },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } },
        }),
      });
      const session = initialize.headers.get("mcp-session-id");
      expect(session).toBeTruthy();
      const hijack = await fetch(server.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-session-id": session ?? "",
          "mcp-protocol-version": "2025-11-25",
          ...key("globex"),
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
      });
      expect(hijack.status).toBe(404);
    });

    it("tells subscribers only of their own tenant's changes", async () => {
      const acme = await sessionClient(server.url, key("acme"));
      const initech = await sessionClient(server.url, key("initech"));
      const heard = { acme: 0, initech: 0 };
      acme.setNotificationHandler(ResourceUpdatedNotificationSchema, () => void heard.acme++);
      initech.setNotificationHandler(ResourceUpdatedNotificationSchema, () => void heard.initech++);
      await acme.subscribeResource({ uri: "notes://index" });
      await initech.subscribeResource({ uri: "notes://index" });
      await initech.callTool({ name: "create_note", arguments: { title: "initech only", body: "" } });
      await initech.callTool({ name: "create_note", arguments: { title: "initech again", body: "" } });
      await acme.callTool({ name: "create_note", arguments: { title: "acme only", body: "" } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual({ acme: 1, initech: 2 });
      await acme.close();
      await initech.close();
    });

    it("refuses a subscription to what the tenant may not read (globex: the index)", async () => {
      const globex = await sessionClient(server.url, key("globex"));
      await expect(globex.subscribeResource({ uri: "notes://index" })).rejects.toThrow(/not available to this tenant/);
      await globex.close();
    });
  });

  describe("observability", () => {
    it("writes the tenant into every audit line, and an audit line for each refusal at the door", async () => {
      await statelessCall(server.url, "tools/list", {}, { "x-api-key": "tn_acme_not-a-real-key" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = server
        .stdout()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const served = lines.filter((line) => line.msg === "mcp request");
      expect(served.length).toBeGreaterThan(10);
      expect(served.every((line) => typeof line.tenant === "string")).toBe(true);
      expect(lines).toContainEqual(expect.objectContaining({ msg: "mcp request refused", refused: "authentication", errorCode: -32001 }));
      expect(lines).toContainEqual(expect.objectContaining({ msg: "mcp request refused", refused: "tenant", errorCode: -32003 }));
    });

    it("counts requests per tenant in /metrics", async () => {
      const metrics = await (await fetch(`${server.origin}/metrics`)).text();
      expect(metrics).toMatch(/mcp_tenant_requests_total\{tenant="acme",outcome="ok"\} \d+/);
      expect(metrics).toMatch(/mcp_tenant_requests_total\{tenant="umbrella",outcome="error"\} \d+/);
    });
  });

  describe("a randomized mixed workload", () => {
    it("answers 1,000 requests across three tenants, none with another tenant's data", async () => {
      const tenants = ["acme", "initech", "globex"] as const;
      const clients = await Promise.all(tenants.map((tenant) => sessionClient(server.url, key(tenant))));
      const ids = new Map<number, (typeof tenants)[number]>();
      let seed = 42;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
      };
      let crossed = 0;
      let answered = 0;
      const one = async (index: number): Promise<void> => {
        const tenant = tenants[index] as (typeof tenants)[number];
        const client = clients[index]!;
        const action = random(4);
        if (action === 0) {
          const created = await client.callTool({ name: "create_note", arguments: { title: `mix-${tenant}`, body: tenant } });
          ids.set((created.structuredContent as { id: number }).id, tenant);
        } else if (action === 1) {
          const found = textOf(await client.callTool({ name: "search_notes", arguments: { query: "mix-" } }));
          if (found.split("\n").some((line) => line.includes("mix-") && !line.endsWith(`mix-${tenant}`))) crossed++;
        } else {
          const known = [...ids.keys()];
          const id = known[random(Math.max(1, known.length))];
          if (id === undefined) return;
          const owner = ids.get(id);
          const read = await client.callTool({ name: "get_note", arguments: { id } }).then(
            (result) => textOf(result),
            (error: unknown) => (String(error).includes("not available to this tenant") ? "refused" : String(error)),
          );
          if (owner === tenant ? !read.includes(`mix-${tenant}`) : read !== "refused") crossed++;
        }
        answered++;
      };
      // The three tenants at once, one request each in flight (within every tenant's concurrency bound).
      while (answered < 1000) await Promise.all([0, 1, 2].map((index) => one(index)));
      expect(answered).toBeGreaterThanOrEqual(1000);
      expect(crossed).toBe(0);
      await Promise.all(clients.map((client) => client.close()));
    }, 120_000);
  });
});
