/**
 * The built-in middleware in process (memory stores): the result cache (hits and
 * misses, what it never keeps, who shares an answer, time to live, 2026-07-28 read
 * hints), argument redaction for observers and the audit log, the per-entry
 * concurrency limit, and the order of the server's and an entry's middleware.
 * The Redis stores are in builtins-redis.test.ts.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  concurrencyLimit,
  createMemoryResultCacheStore,
  createProductionPipeline,
  resolveRuntimeConfig,
  redactArguments,
  resultCache,
  type Caller,
  type Middleware,
  type RequestRecord,
} from "../../../packages/runtime/src/index.js";
import { createAuditLog } from "../../../packages/runtime/src/observability/audit-log.js";
import { builtinMiddlewareRoutes } from "../../fixtures/runtime/builtin-middleware-routes.js";
import { memoryClient } from "../helpers/memory-client.js";

function caller(subject: string, tenant: string): Caller {
  return { principal: { subject, scopes: [], scheme: "apiKey", claims: {} }, tenant: { id: tenant, policy: {} } };
}

type Client = ReturnType<typeof memoryClient>;

async function text(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const reply = await client.request("tools/call", { name, arguments: args });
  const result = reply.result as { content: { text: string }[]; isError?: boolean } | undefined;
  if (result === undefined) throw new Error(`tools/call ${name} failed: ${JSON.stringify(reply.error)}`);
  return `${result.isError === true ? "error: " : ""}${result.content[0]?.text ?? ""}`;
}

async function connected(...args: Parameters<typeof memoryClient>): Promise<Client> {
  const client = memoryClient(...args);
  await client.initialize();
  return client;
}

describe("resultCache", () => {
  it("answers a repeated call from the cache, whatever the order of its arguments, and runs the handler for new arguments", async () => {
    const fixture = builtinMiddlewareRoutes({ lookup: [resultCache({ ttlMs: 60_000 })] });
    const client = await connected(fixture.routes);
    expect(await text(client, "lookup", { q: "a", n: 1 })).toBe("run 1 of a");
    expect(await text(client, "lookup", { n: 1, q: "a" })).toBe("run 1 of a");
    expect(await text(client, "lookup", { q: "b", n: 1 })).toBe("run 2 of b");
    expect(fixture.runs.get("lookup")).toBe(2);
  });

  it("never keeps an isError result, and passes tools that may change things when it wraps the whole server", async () => {
    const fixture = builtinMiddlewareRoutes();
    const client = await connected(fixture.routes, { middleware: [resultCache({ ttlMs: 60_000 })] });
    expect(await text(client, "lookup", { q: "fail" })).toBe("error: lookup failed");
    expect(await text(client, "lookup", { q: "fail" })).toBe("error: lookup failed");
    expect(await text(client, "write")).toBe("write 1");
    expect(await text(client, "write")).toBe("write 2");
    expect(await text(client, "lookup", { q: "x" })).toBe("run 1 of x");
    expect(await text(client, "lookup", { q: "x" })).toBe("run 1 of x");
  });

  it("is refused at start-up on a tool annotated neither readOnlyHint nor idempotentHint", () => {
    const fixture = builtinMiddlewareRoutes({ write: [resultCache({ ttlMs: 1_000 })] });
    expect(() => memoryClient(fixture.routes)).toThrow(/resultCache on tool "write": only a tool annotated readOnlyHint or idempotentHint/);
  });

  it("checks its options when made", () => {
    expect(() => resultCache({ ttlMs: 0 })).toThrow(/ttlMs must be an integer ≥ 1/);
    expect(() => resultCache({ ttlMs: 10, scope: "world" as never })).toThrow(/scope must be "principal", "tenant" or "public"/);
  });

  it("shares an answer only within its scope: principal (default), tenant, public", async () => {
    // Two servers on one store, as two instances on one Redis: the key alone keeps callers apart.
    const run = async (scope: "principal" | "tenant" | "public") => {
      const store = createMemoryResultCacheStore({ maxEntries: 100 });
      const fixture = builtinMiddlewareRoutes({ lookup: [resultCache({ ttlMs: 60_000, store, ...(scope !== "principal" && { scope }) })] });
      const alice = await connected(fixture.routes, { caller: caller("alice", "acme") });
      const bob = await connected(fixture.routes, { caller: caller("bob", "acme") });
      const carol = await connected(fixture.routes, { caller: caller("carol", "globex") });
      return [await text(alice, "lookup", { q: "s" }), await text(bob, "lookup", { q: "s" }), await text(carol, "lookup", { q: "s" })];
    };
    expect(await run("principal")).toEqual(["run 1 of s", "run 2 of s", "run 3 of s"]);
    expect(await run("tenant")).toEqual(["run 1 of s", "run 1 of s", "run 2 of s"]);
    expect(await run("public")).toEqual(["run 1 of s", "run 1 of s", "run 1 of s"]);
  });

  it("tells the same subject from two schemes apart", async () => {
    const store = createMemoryResultCacheStore({ maxEntries: 10 });
    const fixture = builtinMiddlewareRoutes({ lookup: [resultCache({ ttlMs: 60_000, store })] });
    const key = await connected(fixture.routes, { caller: { principal: { subject: "alice", scopes: [], scheme: "apiKey", claims: {} } } });
    const jwt = await connected(fixture.routes, { caller: { principal: { subject: "alice", scopes: [], scheme: "jwt", issuer: "https://id", claims: {} } } });
    expect(await text(key, "lookup", { q: "k" })).toBe("run 1 of k");
    expect(await text(jwt, "lookup", { q: "k" })).toBe("run 2 of k");
  });

  it("runs the handler again once the time to live has passed", async () => {
    let now = 1_000;
    const store = createMemoryResultCacheStore({ maxEntries: 10, now: () => now });
    const fixture = builtinMiddlewareRoutes({ lookup: [resultCache({ ttlMs: 500, store })] });
    const client = await connected(fixture.routes);
    expect(await text(client, "lookup", { q: "t" })).toBe("run 1 of t");
    now += 499;
    expect(await text(client, "lookup", { q: "t" })).toBe("run 1 of t");
    now += 1;
    expect(await text(client, "lookup", { q: "t" })).toBe("run 2 of t");
  });

  it("caches resources and prompts too, and a 2026-07-28 read says how long the client may keep it", async () => {
    const fixture = builtinMiddlewareRoutes({ clock: [resultCache({ ttlMs: 60_000 })], greet: [resultCache({ ttlMs: 60_000, scope: "public" })] });
    const client = memoryClient(fixture.routes);
    const first = await client.stateless("resources/read", { uri: "x://clock" });
    expect(first.result).toMatchObject({ contents: [{ uri: "x://clock", text: "read 1" }], ttlMs: 60_000, cacheScope: "private" });
    const second = await client.stateless("resources/read", { uri: "x://clock" });
    expect(second.result).toMatchObject({ contents: [{ text: "read 1" }], cacheScope: "private" });
    expect(second.result?.ttlMs).toBeLessThanOrEqual(60_000);
    expect(second.result?.ttlMs).toBeGreaterThan(55_000);
    const greeting = await client.stateless("prompts/get", { name: "greet", arguments: { who: "ann" } });
    const again = await client.stateless("prompts/get", { name: "greet", arguments: { who: "ann" } });
    expect(again.result?.messages).toEqual(greeting.result?.messages);
    expect(fixture.runs.get("greet")).toBe(1);
    // Without the cache a read keeps the configured hint (0 ms: re-read every time).
    const plain = memoryClient(builtinMiddlewareRoutes().routes);
    expect((await plain.stateless("resources/read", { uri: "x://clock" })).result).toMatchObject({ ttlMs: 0, cacheScope: "private" });
  });

  it("keeps 2024–2025 read results as they were (no hint fields)", async () => {
    const fixture = builtinMiddlewareRoutes({ clock: [resultCache({ ttlMs: 60_000 })] });
    const client = await connected(fixture.routes);
    const reply = await client.request("resources/read", { uri: "x://clock" });
    expect(reply.result).toEqual({ contents: [{ uri: "x://clock", text: "read 1" }] });
  });

  it("neither serves nor keeps the answer to a request retried with the client's input (server/utilities/caching)", async () => {
    const fixture = builtinMiddlewareRoutes({ lookup: [resultCache({ ttlMs: 60_000 })] });
    const client = memoryClient(fixture.routes);
    const call = (extra: Record<string, unknown>) => client.stateless("tools/call", { name: "lookup", arguments: { q: "r" }, ...extra });
    await call({});
    const retried = await call({ inputResponses: {} });
    expect(retried.result).toMatchObject({ content: [{ text: "run 2 of r" }] });
    expect((await call({})).result).toMatchObject({ content: [{ text: "run 1 of r" }] });
  });
});

describe("redactArguments", () => {
  it("censors the named keys at any depth in what observers record, while the handler gets them as sent", async () => {
    const records: RequestRecord[] = [];
    const fixture = builtinMiddlewareRoutes({ pay: [redactArguments({ keys: ["card_number"] })] });
    const client = await connected(fixture.routes, { observers: [{ onRequest: (record) => records.push(record) }] });
    const args = { amount: 12, card: { cardNumber: "4111111111111111" } };
    expect(await text(client, "pay", args)).toBe("paid");
    expect(fixture.paid).toEqual([args]);
    const record = records.find((candidate) => candidate.method === "tools/call");
    expect(record?.arguments).toEqual({ amount: 12, card: { cardNumber: "[redacted]" } });
    // Another entry, without the middleware, is recorded as sent.
    await text(client, "lookup", { q: "plain" });
    expect(records.at(-1)?.arguments).toEqual({ q: "plain" });
  });

  it("keeps the number out of an audit log that logs arguments", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "redact-")), "audit.log");
    const audit = createAuditLog({ destination: { file }, arguments: {} });
    const fixture = builtinMiddlewareRoutes({ pay: [redactArguments({ keys: ["cardNumber"] })] });
    const client = await connected(fixture.routes, { observers: [audit] });
    await text(client, "pay", { amount: 5, card: { cardNumber: "5500005555555559" } });
    await audit.close();
    const log = readFileSync(file, "utf8");
    expect(log).toContain('"tool":"pay"');
    expect(log).toContain('"cardNumber":"[redacted]"');
    expect(log).not.toContain("5500005555555559");
  });

  it("censors them in the production pipeline's audit log once audit.arguments is on, and logs no arguments while it is off", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "redact-pipeline-"));
    const lines = async (on: boolean): Promise<string> => {
      const file = path.join(folder, `audit-${String(on)}.log`);
      const env = { TURBOMCP_AUDIT_DESTINATION: "file", TURBOMCP_AUDIT_FILE: file, ...(on && { TURBOMCP_AUDIT_ARGUMENTS: "true" }) };
      const fixture = builtinMiddlewareRoutes({ pay: [redactArguments({ keys: ["cardNumber"] })] });
      const pipeline = await createProductionPipeline(fixture.routes, resolveRuntimeConfig({ env }), {
        transport: "stdio",
        logger: { error: () => {}, warn: () => {} },
      });
      const { logger: _logger, ...options } = pipeline.serverOptions;
      const client = await connected(fixture.routes, options);
      await text(client, "pay", { amount: 7, card: { cardNumber: "4000000000000002" } });
      await pipeline.close();
      return readFileSync(file, "utf8");
    };
    const logged = await lines(true);
    expect(logged).toContain('"arguments":{"amount":7,"card":{"cardNumber":"[redacted]"}}');
    expect(logged).not.toContain("4000000000000002");
    const off = await lines(false);
    expect(off).toContain('"tool":"pay"');
    expect(off).not.toContain('"arguments"');
  });

  it("refuses an empty list of keys", () => {
    expect(() => redactArguments({ keys: [] })).toThrow(/non-empty list/);
  });
});

describe("concurrencyLimit", () => {
  it("refuses a call over the limit with -32004 and a retry hint, and admits again once a call ends", async () => {
    const fixture = builtinMiddlewareRoutes({ slow: [concurrencyLimit({ max: 1 })] });
    const client = await connected(fixture.routes);
    const started = fixture.started();
    const first = client.request("tools/call", { name: "slow", arguments: {} });
    await started;
    const refused = await client.request("tools/call", { name: "slow", arguments: {} });
    expect(refused.error).toMatchObject({ code: -32004, data: { retryAfterMs: expect.any(Number) } });
    expect(refused.error?.message).toMatch(/Too many calls of tool "slow" in progress \(at most 1 at once\)/);
    // Other entries are not limited.
    expect(await text(client, "lookup", { q: "free" })).toBe("run 1 of free");
    fixture.release();
    expect((await first).result).toMatchObject({ content: [{ text: "slow 1" }] });
    const nextStarted = fixture.started();
    const next = client.request("tools/call", { name: "slow", arguments: {} });
    await nextStarted;
    fixture.release();
    expect((await next).result).toMatchObject({ content: [{ text: "slow 2" }] });
  });

  it("lets a call over the limit wait up to waitMs for a slot", async () => {
    const fixture = builtinMiddlewareRoutes({ slow: [concurrencyLimit({ max: 1, waitMs: 5_000 })] });
    const client = await connected(fixture.routes);
    const started = fixture.started();
    const first = client.request("tools/call", { name: "slow", arguments: {} });
    await started;
    const secondStarted = fixture.started();
    const second = client.request("tools/call", { name: "slow", arguments: {} });
    fixture.release();
    await first;
    await secondStarted;
    fixture.release();
    expect((await second).result).toMatchObject({ content: [{ text: "slow 2" }] });
  });

  it("checks its options when made", () => {
    expect(() => concurrencyLimit({ max: 0 })).toThrow(/max must be an integer ≥ 1/);
    expect(() => concurrencyLimit({ max: 1, waitMs: -1 })).toThrow(/waitMs must be an integer ≥ 0/);
  });
});

describe("the server's middleware and an entry's own", () => {
  it("run the server's outermost, then the entry's, then the handler; entries without any run only the server's", async () => {
    const seen: string[] = [];
    const mark =
      (label: string): Middleware =>
      async (call, next) => {
        seen.push(`${label}:${call.name ?? call.method}`);
        return next();
      };
    const fixture = builtinMiddlewareRoutes({ lookup: [mark("entry-1"), mark("entry-2")] });
    const client = await connected(fixture.routes, { middleware: [mark("server")] });
    await text(client, "lookup", { q: "o" });
    await text(client, "write");
    expect(seen).toEqual(["server:lookup", "entry-1:lookup", "entry-2:lookup", "server:write"]);
  });

  it("gives a middleware the entry's definition", async () => {
    const definitions: unknown[] = [];
    const fixture = builtinMiddlewareRoutes({
      lookup: [
        async (call, next) => {
          definitions.push(call.definition);
          return next();
        },
      ],
    });
    const client = await connected(fixture.routes);
    await text(client, "lookup", { q: "d" });
    expect(definitions).toEqual([expect.objectContaining({ name: "lookup", annotations: { readOnlyHint: true } })]);
  });

  it("refuses at start-up a route middleware that is neither a function nor a factory", () => {
    const fixture = builtinMiddlewareRoutes({ lookup: [{} as never] });
    expect(() => memoryClient(fixture.routes)).toThrow(/the middleware of tool "lookup": item 0 is object, not a middleware or a middleware factory/);
  });
});
