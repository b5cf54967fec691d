/**
 * Tenant policies in the protocol core, through a real server: what a tenant's policy
 * hides is left out of its lists and refused (-32003) when called, read, got,
 * completed or subscribed to, in both eras; tenants with different policies share one
 * list cache without ever seeing each other's lists.
 */
import { describe, expect, it } from "vitest";
import type { Caller, TenantPolicy } from "@turbomcp/runtime";
import { RESTRICTED, names, peerOf, serverFor, tenantCaller, tenantTable } from "./kit.js";

const restricted = tenantCaller("acme", RESTRICTED);
const unrestricted = tenantCaller("globex");
const toolsOnly = tenantCaller("initech", { allowedTools: ["search"] });

const FULL = {
  tools: ["search", "drop_table", "audit"],
  resources: ["public_doc", "secret_doc"],
  resourceTemplates: ["note", "vault"],
  prompts: ["greet", "internal"],
};
const CUT = { tools: ["search", "audit"], resources: ["public_doc"], resourceTemplates: ["note"], prompts: ["greet"] };

const LISTS = [
  ["tools/list", "tools"],
  ["resources/list", "resources"],
  ["resources/templates/list", "resourceTemplates"],
  ["prompts/list", "prompts"],
] as const;

describe("lists", () => {
  it.each(LISTS)("%s leaves out what the tenant's policy hides, in both eras", async (method, field) => {
    const server = serverFor(tenantTable());
    const acme = peerOf(server, restricted);
    await acme.initialize();
    expect(names(await acme.request(method), field)).toEqual(CUT[field]);
    expect(names(await acme.stateless(method), field)).toEqual(CUT[field]);
    const globex = peerOf(server, unrestricted);
    await globex.initialize();
    expect(names(await globex.request(method), field)).toEqual(FULL[field]);
  });

  it("gives tenants with different policies their own lists from one cache, however their requests interleave", async () => {
    const server = serverFor(tenantTable());
    const callers: [Caller, string[]][] = [
      [restricted, ["search", "audit"]],
      [unrestricted, ["search", "drop_table", "audit"]],
      [toolsOnly, ["search"]],
      [tenantCaller("hooli", { deniedTools: ["search"] }), ["drop_table", "audit"]],
    ];
    const peers = callers.map(([caller, expected]) => ({ client: peerOf(server, caller), expected }));
    for (const { client } of peers) await client.initialize();
    const seen: string[] = [];
    for (let round = 0; round < 25; round++) {
      for (const { client, expected } of peers) {
        const legacy = names(await client.request("tools/list"), "tools");
        const modern = names(await client.stateless("tools/list"), "tools");
        if (legacy.join() !== expected.join() || modern.join() !== expected.join())
          seen.push(`round ${round}: ${legacy.join()} / ${modern.join()} for ${expected.join()}`);
      }
    }
    expect(seen).toEqual([]);
  });

  it("cuts the list again when a tenant's policy changes (a directory hands out a new policy object)", async () => {
    const server = serverFor(tenantTable());
    const before = peerOf(server, tenantCaller("acme", { deniedTools: ["drop_table"] }));
    expect(names(await before.stateless("tools/list"), "tools")).toEqual(["search", "audit"]);
    const after = peerOf(server, tenantCaller("acme", { deniedTools: ["search"] }));
    expect(names(await after.stateless("tools/list"), "tools")).toEqual(["drop_table", "audit"]);
  });

  it("with auth.hideUnauthorized, files lists under scopes and tenant rules together: same scopes in two tenants, or two scope sets in one tenant, never share a list", async () => {
    const server = serverFor(tenantTable(undefined, { schemes: [{ type: "apiKey", header: "x-api-key" }], required: false, hideUnauthorized: true }));
    const as = (scopes: string[], policy: TenantPolicy): Caller => ({
      principal: { subject: "ada", scheme: "apiKey", scopes, claims: {} },
      tenant: { id: "t", policy },
    });
    const noDrop = { deniedTools: ["drop_table"] };
    const noSearch = { deniedTools: ["search"] };
    const views: [Caller, string[]][] = [
      [as(["admin"], noDrop), ["search", "audit"]],
      [as(["admin"], noSearch), ["drop_table", "audit"]],
      [as([], noDrop), ["search"]],
      [as([], noSearch), ["drop_table"]],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [caller, expected] of views) expect(names(await peerOf(server, caller).stateless("tools/list"), "tools")).toEqual(expected);
    }
  });

  it("marks a 2026-07-28 list cut for a tenant cacheScope private; an uncut one keeps the server's hint", async () => {
    const server = serverFor(tenantTable());
    for (const [method] of LISTS) {
      expect((await peerOf(server, restricted).stateless(method)).result?.cacheScope).toBe("private");
      expect((await peerOf(server, unrestricted).stateless(method)).result?.cacheScope).toBe("public");
    }
    // A tenant whose policy restricts only prompts sees the full tool list: nothing private about it.
    const promptsOnly = tenantCaller("umbrella", { deniedPrompts: ["internal"] });
    expect((await peerOf(server, promptsOnly).stateless("prompts/list")).result?.cacheScope).toBe("private");
  });
});

describe("calls of hidden entries", () => {
  const FORBIDDEN = -32003;

  it.each([
    ["tools/call", { name: "drop_table", arguments: {} }, "tool drop_table"],
    ["resources/read", { uri: "docs://secret" }, "resource secret_doc"],
    ["resources/read", { uri: "vault://7" }, "resource vault"],
    ["prompts/get", { name: "internal" }, "prompt internal"],
    ["completion/complete", { ref: { type: "ref/prompt", name: "internal" }, argument: { name: "topic", value: "" } }, "prompt internal"],
    ["completion/complete", { ref: { type: "ref/resource", uri: "vault://{id}" }, argument: { name: "id", value: "" } }, "resource vault"],
  ])("%s %j is -32003 in both eras, naming neither the tenant nor its policy", async (method, params, what) => {
    const server = serverFor(tenantTable());
    const acme = peerOf(server, restricted);
    await acme.initialize();
    for (const reply of [await acme.request(method, params), await acme.stateless(method, params)]) {
      expect(reply.error).toEqual({ code: FORBIDDEN, message: `Forbidden: ${what} is not available to this tenant` });
      expect(reply.error?.message).not.toContain("acme");
    }
  });

  it("refuses a subscription to a hidden resource (legacy) and leaves it out of a listen stream", async () => {
    const server = serverFor(tenantTable());
    const acme = peerOf(server, restricted);
    await acme.initialize();
    expect((await acme.request("resources/subscribe", { uri: "docs://secret" })).error?.code).toBe(FORBIDDEN);
    expect((await acme.request("resources/subscribe", { uri: "vault://1" })).error?.code).toBe(FORBIDDEN);
    expect((await acme.request("resources/subscribe", { uri: "docs://public" })).result).toEqual({});
    acme.start("subscriptions/listen", { notifications: { resourceSubscriptions: ["docs://public", "docs://secret", "notes://1", "vault://1"] } });
    await new Promise((resolve) => setImmediate(resolve));
    const [ack] = acme.notifications("notifications/subscriptions/acknowledged");
    expect(ack).toMatchObject({ params: { notifications: { resourceSubscriptions: ["docs://public", "notes://1"] } } });
    server.close();
  });

  it("serves what the policy leaves visible, and everything to an unrestricted tenant", async () => {
    const server = serverFor(tenantTable());
    const acme = peerOf(server, restricted);
    await acme.initialize();
    expect((await acme.request("tools/call", { name: "search", arguments: {} })).result).toEqual({ content: [{ type: "text", text: "search for acme" }] });
    expect((await acme.request("resources/read", { uri: "notes://3" })).result).toBeDefined();
    expect((await acme.request("prompts/get", { name: "greet" })).result).toBeDefined();
    expect(
      (await acme.request("completion/complete", { ref: { type: "ref/resource", uri: "notes://{id}" }, argument: { name: "id", value: "" } })).result,
    ).toMatchObject({
      completion: { values: ["1", "2"] },
    });
    const globex = peerOf(server, unrestricted);
    await globex.initialize();
    expect((await globex.request("tools/call", { name: "drop_table", arguments: {} })).result).toBeDefined();
    expect((await globex.request("resources/read", { uri: "vault://1" })).result).toBeDefined();
  });
});
