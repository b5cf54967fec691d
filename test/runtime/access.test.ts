/**
 * Scopes, list filtering, route rate limits and observers in the protocol core: what
 * the production pipeline's auth and rate-limit layers rely on once they have
 * established who the caller is.
 */
import { describe, expect, it } from "vitest";
import {
  defineRoutes,
  promptRoute,
  resourceTemplateRoute,
  toolRoute,
  type Caller,
  type LimitDecision,
  type RateLimitPolicy,
  type RequestRecord,
  type RouteLimiter,
} from "../../packages/runtime/src/index.js";
import { LOCAL } from "../../packages/runtime/src/protocol/caller.js";
import { compile } from "../fixtures/runtime/validators.js";
import { memoryClient } from "./helpers/memory-client.js";

const noInput = { type: "object", properties: {}, additionalProperties: false };
const whoAmI = (name: string, scopes: string[], rateLimit?: RateLimitPolicy) =>
  toolRoute<object, string>({
    definition: { name, inputSchema: noInput },
    validateInput: compile(noInput),
    handler: (_input, ctx) => `${name} for ${ctx.principal?.subject ?? "anonymous"} (${ctx.tenant?.id ?? "no tenant"}, ${ctx.session?.id ?? "no session"})`,
    policy: rateLimit === undefined ? { scopes } : { scopes, rateLimit },
  });

function table(hideUnauthorized: boolean) {
  return defineRoutes({
    server: { name: "scoped", version: "1.0.0" },
    tools: [whoAmI("public_tool", []), whoAmI("read_tool", ["notes:read"]), whoAmI("admin_tool", ["notes:read", "admin"], { limit: 2, windowMs: 60_000 })],
    prompts: [
      promptRoute<object>({ definition: { name: "secret_prompt" }, validateArguments: compile(noInput), handler: () => "psst", policy: { scopes: ["admin"] } }),
    ],
    auth: { schemes: [{ type: "apiKey", header: "x-api-key" }], required: false, hideUnauthorized },
  });
}

const reader: Caller = {
  principal: { subject: "ada", scopes: ["notes:read"], scheme: "apiKey", claims: {} },
  tenant: { id: "acme", policy: {} },
  sessionId: "s-1",
};
const admin: Caller = { principal: { subject: "root", scopes: ["notes:read", "admin"], scheme: "jwt", claims: {} } };

/** A counting limiter: the real ones (memory, Redis) live in runtime/limits and share a test suite. */
function countingLimiter(): RouteLimiter & { keys: string[] } {
  const counts = new Map<string, number>();
  const keys: string[] = [];
  return {
    keys,
    consume(key: string, policy: RateLimitPolicy): Promise<LimitDecision> {
      keys.push(key);
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return Promise.resolve(count <= policy.limit ? { allowed: true } : { allowed: false, retryAfterMs: policy.windowMs });
    },
  };
}

describe("scopes", () => {
  it("passes the caller to handlers as ctx.principal, ctx.tenant and ctx.session", async () => {
    const client = memoryClient(table(false), { caller: reader });
    await client.initialize();
    const reply = await client.request("tools/call", { name: "read_tool", arguments: {} });
    expect(reply.result).toEqual({ content: [{ type: "text", text: "read_tool for ada (acme, s-1)" }] });
  });

  it("refuses a caller without a route's scopes with -32003 naming them, on both eras", async () => {
    const client = memoryClient(table(false), { caller: reader });
    await client.initialize();
    const legacy = await client.request("tools/call", { name: "admin_tool", arguments: {} });
    expect(legacy.error).toEqual({
      code: -32003,
      message: "Forbidden: admin_tool requires the scope admin",
      data: { requiredScopes: ["notes:read", "admin"] },
    });
    const modern = await client.stateless("prompts/get", { name: "secret_prompt" });
    expect(modern.error?.code).toBe(-32003);
  });

  it("lets an anonymous caller reach only routes without scopes, and asks it to authenticate for the rest (-32001)", async () => {
    const client = memoryClient(table(false));
    await client.initialize();
    expect((await client.request("tools/call", { name: "public_tool", arguments: {} })).result).toBeDefined();
    expect((await client.request("tools/call", { name: "read_tool", arguments: {} })).error?.code).toBe(-32001);
  });

  it("lists everything unless auth.hideUnauthorized, then only what each caller may call (private on 2026-07-28)", async () => {
    const names = (result: Record<string, unknown> | undefined) => (result?.tools as { name: string }[]).map((tool) => tool.name);
    const open = memoryClient(table(false), { caller: reader });
    await open.initialize();
    expect(names((await open.request("tools/list")).result)).toEqual(["public_tool", "read_tool", "admin_tool"]);
    for (const [caller, expected] of [
      [undefined, ["public_tool"]],
      [reader, ["public_tool", "read_tool"]],
      [admin, ["public_tool", "read_tool", "admin_tool"]],
    ] as const) {
      const client = memoryClient(table(true), caller === undefined ? {} : { caller });
      await client.initialize();
      expect(names((await client.request("tools/list")).result)).toEqual(expected);
      const modern = await client.stateless("tools/list");
      expect(names(modern.result)).toEqual(expected);
      expect(modern.result?.cacheScope).toBe("private");
    }
  });
});

describe("the local stdio caller", () => {
  it("is not held to scopes: the client that started the process is the user", async () => {
    const client = memoryClient(table(true), { caller: LOCAL });
    await client.initialize();
    const names = ((await client.request("tools/list")).result?.tools as { name: string }[]).map((tool) => tool.name);
    expect(names).toEqual(["public_tool", "read_tool", "admin_tool"]);
    expect((await client.request("tools/call", { name: "admin_tool", arguments: {} })).result).toBeDefined();
  });
});

describe("route rate limits", () => {
  it("asks the limiter per route and caller, and answers -32004 with the wait once over", async () => {
    const limiter = countingLimiter();
    const client = memoryClient(table(false), { caller: admin, limiter });
    await client.initialize();
    for (let call = 0; call < 2; call++) expect((await client.request("tools/call", { name: "admin_tool", arguments: {} })).result).toBeDefined();
    const refused = await client.request("tools/call", { name: "admin_tool", arguments: {} });
    expect(refused.error).toMatchObject({ code: -32004, data: { retryAfterMs: 60_000 } });
    // Routes without a rateLimit never reach the limiter.
    await client.request("tools/call", { name: "public_tool", arguments: {} });
    expect(new Set(limiter.keys)).toEqual(new Set(["route:admin_tool:3:jwt0:root"]));
  });

  it("counts a resource template's rateLimit once for every URI it serves (regression: each URI had a budget of its own)", async () => {
    const variables = { type: "object", properties: { id: { type: "string" } }, required: ["id"], additionalProperties: false };
    const routes = defineRoutes({
      server: { name: "templated", version: "1.0.0" },
      resourceTemplates: [
        resourceTemplateRoute<{ id: string }>({
          definition: { uriTemplate: "notes://{id}", name: "note" },
          variables: ["id"],
          validateVariables: compile(variables),
          handler: (vars) => `note ${vars.id}`,
          policy: { scopes: [], rateLimit: { limit: 2, windowMs: 60_000 } },
        }),
      ],
    });
    const limiter = countingLimiter();
    const client = memoryClient(routes, { limiter });
    await client.initialize();
    expect((await client.request("resources/read", { uri: "notes://1" })).result).toBeDefined();
    expect((await client.request("resources/read", { uri: "notes://2" })).result).toBeDefined();
    expect((await client.request("resources/read", { uri: "notes://3" })).error).toMatchObject({ code: -32004 });
    expect(new Set(limiter.keys)).toEqual(new Set(["route:notes://{id}:anonymous"]));
  });
});

describe("observers", () => {
  it("get one record per answered request, with outcome, code, target and caller", async () => {
    const records: RequestRecord[] = [];
    const client = memoryClient(table(false), {
      caller: reader,
      observers: [
        { onRequest: (record) => records.push(record) },
        {
          onRequest: () => {
            throw new Error("a broken observer is logged and skipped");
          },
        },
      ],
    });
    await client.initialize();
    await client.request("tools/call", { name: "read_tool", arguments: {} });
    await client.request("tools/call", { name: "admin_tool", arguments: {} });
    await client.stateless("tools/list");
    expect(records.map(({ method, target, outcome, errorCode, protocolVersion }) => ({ method, target, outcome, errorCode, protocolVersion }))).toEqual([
      { method: "initialize", target: undefined, outcome: "ok", errorCode: undefined, protocolVersion: "2025-11-25" },
      { method: "tools/call", target: "read_tool", outcome: "ok", errorCode: undefined, protocolVersion: "2025-11-25" },
      { method: "tools/call", target: "admin_tool", outcome: "error", errorCode: -32003, protocolVersion: "2025-11-25" },
      { method: "tools/list", target: undefined, outcome: "ok", errorCode: undefined, protocolVersion: "2026-07-28" },
    ]);
    expect(records.every((record) => record.caller === reader && record.durationMs >= 0)).toBe(true);
    expect(client.errors.map((error) => error.message)).toContain("a request observer failed");
  });
});
