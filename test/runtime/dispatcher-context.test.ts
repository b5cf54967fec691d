import { describe, expect, it } from "vitest";
import { defineRoutes, toolRoute, type RequestContext } from "../../packages/runtime/src/index.js";
import { routes } from "../fixtures/runtime/routes.js";
import { compile } from "../fixtures/runtime/validators.js";
import { memoryClient } from "./helpers/memory-client.js";

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;

/** A tool that uses its context the ways handler code does: destructured, spread, passed on. */
function contextShapes(use: (ctx: RequestContext) => string) {
  return defineRoutes({
    server: { name: "ctx", version: "1.0.0" },
    tools: [
      toolRoute<object, string>({
        definition: { name: "shapes", inputSchema: noInput },
        validateInput: compile(noInput),
        handler: (_input, ctx) => use(ctx),
        policy: { scopes: [] },
      }),
    ],
  });
}

describe("dispatcher: handler context", () => {
  it("sends progress only when the request carried a progress token", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    await client.request("tools/call", { name: "echo", arguments: { text: "a", steps: 2 } });
    expect(client.notifications("notifications/progress")).toHaveLength(0);
    await client.request("tools/call", { name: "echo", arguments: { text: "a", steps: 2 }, _meta: { progressToken: 7 } });
    expect(client.notifications("notifications/progress").map((message) => "params" in message && message.params)).toEqual([
      { progressToken: 7, progress: 1, total: 2, message: "step 1" },
      { progressToken: 7, progress: 2, total: 2, message: "step 2" },
    ]);
  });

  it("drops the progress message for 2024-11-05 clients", async () => {
    const client = memoryClient(routes);
    await client.initialize("2024-11-05");
    await client.request("tools/call", { name: "echo", arguments: { text: "a", steps: 1 }, _meta: { progressToken: "t" } });
    expect(client.notifications("notifications/progress").map((message) => "params" in message && message.params)).toEqual([
      { progressToken: "t", progress: 1, total: 1 },
    ]);
  });

  it("works destructured and spread, as handler code uses it", async () => {
    const client = memoryClient(
      contextShapes((ctx) => {
        const { log, progress, signal, requestId } = ctx;
        log("info", "destructured");
        progress({ progress: 1 });
        const copy = { ...ctx, extra: true };
        copy.log("info", "spread");
        copy.progress({ progress: 2 });
        return `${String(requestId)} ${String(signal.aborted)} ${String(copy.signal.aborted)} ${typeof copy.elicit}`;
      }),
    );
    await client.initialize();
    const reply = await client.request("tools/call", { name: "shapes", arguments: {}, _meta: { progressToken: "p" } });
    expect(reply.result).toMatchObject({ content: [{ type: "text", text: `${String(reply.id)} false false function` }] });
    expect(client.notifications("notifications/message").map((message) => "params" in message && message.params?.data)).toEqual(["destructured", "spread"]);
    expect(client.notifications("notifications/progress").map((message) => "params" in message && message.params?.progress)).toEqual([1, 2]);
  });

  it("honours logging/setLevel (default info hides debug)", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    await client.request("tools/call", { name: "echo", arguments: { text: "a", steps: 1 } });
    expect(client.notifications("notifications/message").map((message) => "params" in message && message.params?.level)).toEqual(["info"]);
    await client.request("logging/setLevel", { level: "debug" });
    await client.request("tools/call", { name: "echo", arguments: { text: "a", steps: 1 } });
    expect(client.notifications("notifications/message")).toHaveLength(3);
    await client.request("logging/setLevel", { level: "error" });
    await client.request("tools/call", { name: "echo", arguments: { text: "a", steps: 1 } });
    expect(client.notifications("notifications/message")).toHaveLength(3);
  });

  it("aborts ctx.signal on notifications/cancelled and sends no reply", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    const call = client.send({ jsonrpc: "2.0", id: "c1", method: "tools/call", params: { name: "sleepy", arguments: {} } });
    await client.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "c1", reason: "user" } });
    await call;
    expect(client.sent.some((message) => "id" in message && message.id === "c1")).toBe(false);
  });

  it("correlates a server→client request with the client's response", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-11-25", { elicitation: {} });
    client.onSend = (message) => {
      if ("method" in message && message.method === "elicitation/create" && "id" in message) {
        void client.send({ jsonrpc: "2.0", id: message.id, result: { action: "accept", content: { name: "Ada" } } });
      }
    };
    const reply = await client.request("tools/call", { name: "ask_user", arguments: {} });
    expect(reply.result).toEqual({ content: [{ type: "text", text: 'accept: {"name":"Ada"}' }] });
    const asked = client.sent.find((message) => "method" in message && message.method === "elicitation/create");
    expect(asked && "params" in asked && asked.params).toMatchObject({ message: "Your name?", requestedSchema: { type: "object" } });
  });

  it("rejects elicitation on a version that predates it, even if the capability is declared", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-03-26", { elicitation: {} });
    const reply = await client.request("tools/call", { name: "ask_user", arguments: {} });
    expect(reply.error).toMatchObject({ code: -32021, message: expect.stringMatching(/elicitation capability/) as unknown });
  });

  it("turns a client error response into an isError result", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-11-25", { roots: {} });
    client.onSend = (message) => {
      if ("method" in message && message.method === "roots/list" && "id" in message) {
        void client.send({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "no roots here" } });
      }
    };
    const reply = await client.request("tools/call", { name: "list_roots", arguments: {} });
    expect(reply.result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/roots\/list with error -32601: no roots here/) }] });
  });
});

describe("dispatcher: malformed client results", () => {
  const cases: ReadonlyArray<readonly [string, string, string, object, RegExp]> = [
    ["elicitation without a valid action", "ask_user", "elicitation/create", { action: "maybe" }, /elicitation\/create result is malformed: action/],
    ["sampling without a model", "ask_model", "sampling/createMessage", { role: "assistant", content: { type: "text", text: "4" } }, /model must be a string/],
    ["roots that are not a list", "list_roots", "roots/list", { roots: "nope" }, /roots must be a list/],
  ];
  it.each(cases)("%s becomes an isError result", async (_name, tool, method, result, message) => {
    const client = memoryClient(routes);
    await client.initialize("2025-11-25", { elicitation: {}, sampling: {}, roots: {} });
    client.onSend = (sent) => {
      if ("method" in sent && sent.method === method && "id" in sent) void client.send({ jsonrpc: "2.0", id: sent.id, result });
    };
    const reply = await client.request("tools/call", { name: tool, arguments: {} });
    expect(reply.result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(message) }] });
  });
});
