/**
 * The middleware chain in the transport-neutral core, in process: the 2026-07-28 era
 * (the result envelope and the stateless error form still apply), a middleware that
 * calls `next` twice, one that returns nothing, cancellation, methods it leaves alone,
 * and the direct call without middleware.
 */
import { describe, expect, it } from "vitest";
import { McpError, defineRoutes, resourceMiddleware, toolMiddleware, toolRoute, resourceRoute, type Middleware } from "../../../packages/runtime/src/index.js";
import { stderrLogger } from "../../../packages/runtime/src/protocol/logger.js";
import { createChain } from "../../../packages/runtime/src/protocol/middleware/chain.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { memoryClient } from "../helpers/memory-client.js";

const open = { scopes: [] };
let runs = 0;
const routes = defineRoutes({
  server: { name: "middleware-core", version: "0" },
  tools: [
    toolRoute<object, string>({
      definition: { name: "count", inputSchema: { type: "object" } },
      validateInput: compile({ type: "object" }),
      handler: () => `run ${++runs}`,
      policy: open,
    }),
    toolRoute<object, string>({
      definition: { name: "wait", inputSchema: { type: "object" } },
      validateInput: compile({ type: "object" }),
      handler: (_input, ctx) => new Promise<string>((resolve) => ctx.signal.addEventListener("abort", () => resolve("aborted"), { once: true })),
      policy: open,
    }),
  ],
  resources: [
    resourceRoute({ definition: { uri: "x://a", name: "a" }, handler: () => "a", policy: open }),
    resourceRoute({ definition: { uri: "x://hidden", name: "hidden" }, handler: () => "hidden", policy: open }),
    resourceRoute({ definition: { uri: "x://nothing", name: "nothing" }, handler: () => "nothing", policy: open }),
  ],
});

/** A tool the caller's tenant may not use, and one it may: the middleware below would answer for both. */
const guarded = defineRoutes({
  server: { name: "middleware-guarded", version: "0" },
  tools: [
    toolRoute<object, string>({
      definition: { name: "secret", inputSchema: { type: "object" } },
      validateInput: compile({ type: "object" }),
      handler: () => "the secret",
      policy: open,
    }),
    toolRoute<object, string>({
      definition: { name: "public", inputSchema: { type: "object" } },
      validateInput: compile({ type: "object" }),
      handler: () => "public",
      policy: open,
    }),
  ],
});
const answered: string[] = [];
/** Answers every tool call itself, as a result cache would on a hit. */
const cache = toolMiddleware(async (call) => {
  answered.push(call.name ?? "");
  return { content: [{ type: "text", text: `cached ${call.name ?? ""}` }] };
});

/** Calls `next` twice, as a retry would, and answers with the second result. */
const twice = toolMiddleware(async (call, next) => {
  if (call.name !== "count") return next();
  await next();
  return next();
});
/** Throws resource-not-found for x://hidden, a bug returning undefined for x://nothing. */
const resources = resourceMiddleware(async (call, next) => {
  if (call.name === "x://hidden") throw new McpError("resource_not_found", "Resource not found", { uri: call.name });
  if (call.name === "x://nothing") return undefined as never;
  return next();
});
const seen: string[] = [];
const record: Middleware = async (call, next) => {
  seen.push(call.method);
  return next();
};

describe("the middleware chain in the core", () => {
  it("serves the 2026-07-28 era: the envelope is added after the chain, a thrown not-found takes the stateless form", async () => {
    const client = memoryClient(routes, { middleware: [record, twice, resources] });
    const before = runs;
    const reply = await client.stateless("tools/call", { name: "count", arguments: {} });
    expect(reply.result).toMatchObject({ content: [{ type: "text", text: `run ${before + 2}` }], resultType: "complete" });
    expect(runs).toBe(before + 2);
    const hidden = await client.stateless("resources/read", { uri: "x://hidden" });
    expect(hidden.error).toEqual({ code: -32602, message: "Resource not found", data: { uri: "x://hidden" } });
  });

  it("treats a result that is not an object as a bug: -32603 to the client, logged on the server", async () => {
    const client = memoryClient(routes, { middleware: [resources] });
    await client.initialize();
    const reply = await client.request("resources/read", { uri: "x://nothing" });
    expect(reply.error).toMatchObject({ code: -32603, message: "Internal error while running middleware for resources/read" });
    expect(client.errors[0]?.error).toBeInstanceOf(TypeError);
  });

  it("leaves other methods alone and sends no reply to a cancelled request", async () => {
    seen.length = 0;
    const client = memoryClient(routes, { middleware: [record] });
    await client.initialize();
    expect((await client.request("ping")).result).toEqual({});
    const pending = client.send({ jsonrpc: "2.0", id: "w", method: "tools/call", params: { name: "wait", arguments: {} } });
    await client.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "w" } });
    await pending;
    expect(client.sent.some((message) => "id" in message && message.id === "w")).toBe(false);
    expect(seen).toEqual(["tools/call"]);
    expect(client.errors).toEqual([]);
  });

  it("runs an entry's middleware only after its access check: a middleware cannot answer for a tool the caller may not use", async () => {
    const client = memoryClient(guarded, { middleware: [cache], caller: { tenant: { id: "acme", policy: { deniedTools: ["secret"] } } } });
    await client.initialize();
    const refused = await client.request("tools/call", { name: "secret", arguments: {} });
    expect(refused.result).toBeUndefined();
    expect(refused.error).toMatchObject({ code: -32003 });
    expect(answered).toEqual([]);
    const allowed = await client.request("tools/call", { name: "public", arguments: {} });
    expect(allowed.result).toMatchObject({ content: [{ type: "text", text: "cached public" }] });
    expect(answered).toEqual(["public"]);
  });

  it("makes no chain without middleware, so the dispatcher calls handlers directly", () => {
    expect(createChain([], stderrLogger)).toBeUndefined();
    expect(createChain([record], stderrLogger)).toBeTypeOf("function");
  });
});
