/**
 * The 2026-07-28 stateless protocol through the transport-neutral core (the path
 * stdio and the socket transports take): per-request `_meta`, server/discover,
 * resultType and cache hints, input-required rounds with sealed requestState,
 * subscriptions/listen, logging by per-request level, and the dual-era rule.
 */
import { describe, expect, it } from "vitest";
import { routes } from "../fixtures/runtime/routes.js";
import { specChecker } from "../helpers/spec-schemas.js";
import { memoryClient } from "./helpers/memory-client.js";

const ALL = { elicitation: {}, sampling: {}, roots: {} };
const SERVER_INFO = {
  "io.modelcontextprotocol/serverInfo": { name: "fixture-server", version: "1.2.3", title: "Fixture", websiteUrl: "https://example.com" },
};

type Reply = Awaited<ReturnType<ReturnType<typeof memoryClient>["request"]>>;

function inputRequired(reply: Reply): { inputRequests: Record<string, { method: string; params: Record<string, unknown> }>; requestState: string } {
  expect(reply.error).toBeUndefined();
  expect(reply.result?.resultType).toBe("input_required");
  return reply.result as never;
}

describe("2026-07-28: per-request metadata", () => {
  it("answers server/discover with the stateless versions, capabilities, identity and cache hints", async () => {
    const client = memoryClient(routes);
    const reply = await client.stateless("server/discover");
    expect(reply.result).toMatchObject({
      supportedVersions: ["2026-07-28"],
      capabilities: { tools: {}, resources: {}, prompts: {} },
      resultType: "complete",
      ttlMs: 300_000,
      cacheScope: "public",
      _meta: SERVER_INFO,
    });
  });

  it.each([
    ["no _meta", {}, /_meta/],
    ["no protocolVersion", { _meta: { "io.modelcontextprotocol/clientCapabilities": {} } }, /protocolVersion/],
    ["no clientCapabilities", { _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" } }, /clientCapabilities/],
    [
      "an unknown logLevel",
      {
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientCapabilities": {},
          "io.modelcontextprotocol/logLevel": "loud",
        },
      },
      /logLevel/,
    ],
  ])("refuses a request with %s as -32602", async (_case, params, message) => {
    const reply = await memoryClient(routes).request("server/discover", params);
    expect(reply.error).toMatchObject({ code: -32602, message: expect.stringMatching(message) as unknown });
  });

  it("serves a request without clientInfo", async () => {
    const reply = await memoryClient(routes).request("tools/list", {
      _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} },
    });
    expect(reply.result?.tools).toBeInstanceOf(Array);
  });

  it("refuses an unknown version with -32022 listing what it speaks", async () => {
    const reply = await memoryClient(routes).stateless("tools/list", {}, { version: "2099-01-01" });
    expect(reply.error).toEqual({
      code: -32022,
      message: "Unsupported protocol version: 2099-01-01",
      data: { supported: ["2026-07-28"], requested: "2099-01-01" },
    });
  });

  it.each(["initialize", "ping", "logging/setLevel", "resources/subscribe", "no/such/method"])(
    "answers %s with -32601: 2026-07-28 has no such method",
    async (method) => {
      const reply = await memoryClient(routes).stateless(method, { level: "info", uri: "docs://readme" });
      expect(reply.error?.code).toBe(-32601);
    },
  );

  it("marks complete results and adds cache hints only where the spec requires them", async () => {
    const client = memoryClient(routes);
    const list = await client.stateless("tools/list");
    expect(list.result).toMatchObject({ resultType: "complete", ttlMs: 300_000, cacheScope: "public", _meta: SERVER_INFO });
    const read = await client.stateless("resources/read", { uri: "docs://readme" });
    expect(read.result).toMatchObject({ resultType: "complete", ttlMs: 0, cacheScope: "private" });
    const call = await client.stateless("tools/call", { name: "add", arguments: { a: 1, b: 2 } });
    expect(call.result).toEqual({ content: [{ type: "text", text: '{"sum":3}' }], structuredContent: { sum: 3 }, resultType: "complete", _meta: SERVER_INFO });
  });

  it("reports a missing resource as -32602 with its uri, not the legacy -32002", async () => {
    const reply = await memoryClient(routes).stateless("resources/read", { uri: "nowhere://x" });
    expect(reply.error).toEqual({ code: -32602, message: "Resource not found", data: { uri: "nowhere://x" } });
  });

  it("sends log messages only at or above the request's logLevel, and none without one", async () => {
    const client = memoryClient(routes);
    await client.stateless("tools/call", { name: "echo", arguments: { text: "a", steps: 1 } });
    expect(client.notifications("notifications/message")).toHaveLength(0);
    await client.stateless("tools/call", { name: "echo", arguments: { text: "a", steps: 1 } }, { logLevel: "debug" });
    expect(client.notifications("notifications/message").length).toBeGreaterThan(1);
  });

  it("serves both eras on one connection: a legacy session and stateless requests side by side", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-11-25");
    expect((await client.request("tools/list")).result).not.toHaveProperty("resultType");
    expect((await client.stateless("tools/list")).result).toHaveProperty("resultType", "complete");
  });
});

describe("2026-07-28: input-required results (mrtr)", () => {
  it("turns ctx.elicit() into an input request and resumes the handler with the answer", async () => {
    const client = memoryClient(routes);
    const first = inputRequired(await client.stateless("tools/call", { name: "ask_user", arguments: {} }, { capabilities: ALL }));
    expect(first.inputRequests).toEqual({
      "elicitation-1": {
        method: "elicitation/create",
        params: {
          message: "Your name?",
          requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"], additionalProperties: false },
        },
      },
    });
    expect(first.requestState).toEqual(expect.any(String));
    const retry = await client.stateless(
      "tools/call",
      {
        name: "ask_user",
        arguments: {},
        inputResponses: { "elicitation-1": { action: "accept", content: { name: "Ada" } } },
        requestState: first.requestState,
      },
      { capabilities: ALL },
    );
    expect(retry.result).toMatchObject({ resultType: "complete", content: [{ type: "text", text: 'accept: {"name":"Ada"}' }] });
  });

  it("collects asks made together into one round", async () => {
    const client = memoryClient(routes);
    const round = inputRequired(await client.stateless("tools/call", { name: "ask_all", arguments: {} }, { capabilities: ALL }));
    expect(Object.keys(round.inputRequests).sort()).toEqual(["name", "roots-1", "sampling-1"]);
    expect(round.inputRequests["roots-1"]).toEqual({ method: "roots/list", params: {} });
    const done = await client.stateless(
      "tools/call",
      {
        name: "ask_all",
        arguments: {},
        requestState: round.requestState,
        inputResponses: {
          name: { action: "accept", content: { name: "Ada" } },
          "sampling-1": { role: "assistant", content: { type: "text", text: "4" }, model: "m" },
          "roots-1": { roots: [{ uri: "file:///work" }] },
          unrelated: { ignored: true },
        },
      },
      { capabilities: ALL },
    );
    expect(done.result).toMatchObject({ content: [{ text: '{"name":"Ada"} 4 file:///work' }] });
  });

  it("carries earlier answers in requestState across rounds", async () => {
    const client = memoryClient(routes);
    const args = { city: "Oslo" };
    const one = inputRequired(await client.stateless("tools/call", { name: "two_steps", arguments: args }, { capabilities: ALL }));
    expect(Object.keys(one.inputRequests)).toEqual(["step1"]);
    const two = inputRequired(
      await client.stateless(
        "tools/call",
        { name: "two_steps", arguments: args, requestState: one.requestState, inputResponses: { step1: { action: "accept", content: { name: "Ada" } } } },
        { capabilities: ALL },
      ),
    );
    expect(Object.keys(two.inputRequests)).toEqual(["step2"]);
    const done = await client.stateless(
      "tools/call",
      { name: "two_steps", arguments: args, requestState: two.requestState, inputResponses: { step2: { action: "accept", content: { colour: "green" } } } },
      { capabilities: ALL },
    );
    expect(done.result).toMatchObject({ content: [{ text: `"Ada" likes "green" in Oslo` }] });
  });

  it("asks again, rather than failing, when an answer is missing or malformed", async () => {
    const client = memoryClient(routes);
    const first = inputRequired(await client.stateless("tools/call", { name: "ask_user", arguments: {} }, { capabilities: ALL }));
    for (const inputResponses of [{}, { "elicitation-1": { action: "maybe" } }, { wrong: { action: "accept" } }]) {
      const again = inputRequired(
        await client.stateless("tools/call", { name: "ask_user", arguments: {}, requestState: first.requestState, inputResponses }, { capabilities: ALL }),
      );
      expect(Object.keys(again.inputRequests)).toEqual(["elicitation-1"]);
    }
  });

  it("refuses inputResponses that are not an object with -32602", async () => {
    const reply = await memoryClient(routes).stateless("tools/call", { name: "ask_user", arguments: {}, inputResponses: ["no"] }, { capabilities: ALL });
    expect(reply.error?.code).toBe(-32602);
  });

  it("refuses a tampered, foreign or expired requestState with -32602", async () => {
    const client = memoryClient(routes, { requestStateTtlMs: 50 });
    const args = { city: "Oslo" };
    const one = inputRequired(await client.stateless("tools/call", { name: "two_steps", arguments: args }, { capabilities: ALL }));
    const [body, mac] = one.requestState.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), a: { step1: { action: "accept" } } })).toString(
      "base64url",
    );
    const cases: ReadonlyArray<readonly [object, RegExp]> = [
      [{ name: "two_steps", arguments: args, requestState: `${forged}.${mac}` }, /integrity/],
      [{ name: "two_steps", arguments: args, requestState: "garbage" }, /integrity/],
      [{ name: "two_steps", arguments: { city: "Rome" }, requestState: one.requestState }, /different request/],
      [{ name: "ask_user", arguments: {}, requestState: one.requestState }, /different request/],
    ];
    for (const [params, message] of cases) {
      const reply = await client.stateless("tools/call", params as Record<string, unknown>, { capabilities: ALL });
      expect(reply.error, JSON.stringify(params)).toMatchObject({ code: -32602, message: expect.stringMatching(message) as unknown });
    }
    await new Promise((resolve) => setTimeout(resolve, 80));
    const late = await client.stateless("tools/call", { name: "two_steps", arguments: args, requestState: one.requestState }, { capabilities: ALL });
    expect(late.error).toMatchObject({ code: -32602, message: expect.stringMatching(/expired/) as unknown });
  });

  it("asks only for what the request's capabilities declare: otherwise -32021 naming the capability", async () => {
    const reply = await memoryClient(routes).stateless("tools/call", { name: "ask_model", arguments: {} }, { capabilities: { elicitation: {} } });
    expect(reply.error).toEqual({
      code: -32021,
      message: "the client did not declare the sampling capability",
      data: { requiredCapabilities: { sampling: {} } },
    });
  });

  it("never answers input-required on methods the spec does not allow it on", async () => {
    const client = memoryClient(routes);
    const reply = await client.stateless(
      "completion/complete",
      { ref: { type: "ref/prompt", name: "greet" }, argument: { name: "style", value: "f" } },
      { capabilities: ALL },
    );
    expect(reply.result).toMatchObject({ resultType: "complete", completion: { values: ["formal", "friendly", "funny"] } });
  });
});

describe("2026-07-28: subscriptions/listen", () => {
  it("acknowledges first, tags what it forwards, and ends with a result when the server closes", async () => {
    const client = memoryClient(routes);
    const listening = client.stateless(
      "subscriptions/listen",
      { notifications: { toolsListChanged: true, resourceSubscriptions: ["docs://readme", "nowhere://x"] } },
      {},
      "sub-1",
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.server.notifyResourceUpdated("docs://readme")).toBe(1);
    client.server.close();
    const reply = await listening;
    const tag = { "io.modelcontextprotocol/subscriptionId": "sub-1" };
    const stream = client.sent.filter((message) => "method" in message);
    expect(stream).toEqual([
      {
        jsonrpc: "2.0",
        method: "notifications/subscriptions/acknowledged",
        params: { _meta: tag, notifications: { resourceSubscriptions: ["docs://readme"] } },
      },
      { jsonrpc: "2.0", method: "notifications/resources/updated", params: { uri: "docs://readme", _meta: tag } },
    ]);
    expect(reply.result).toEqual({ resultType: "complete", _meta: { ...tag, ...SERVER_INFO } });
  });

  it("ends silently when the client cancels it, and forgets the subscription", async () => {
    const client = memoryClient(routes);
    const listening = client.send({
      jsonrpc: "2.0",
      id: "sub-2",
      method: "subscriptions/listen",
      params: {
        notifications: { resourceSubscriptions: ["docs://readme"] },
        _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} },
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    await client.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "sub-2" } });
    await listening;
    expect(client.sent.some((message) => "id" in message && message.id === "sub-2")).toBe(false);
    expect(client.server.notifyResourceUpdated("docs://readme")).toBe(0);
  });
});

describe("2026-07-28: what the server sends validates against the spec's schema", () => {
  it("results, interim results, notifications and errors", async () => {
    const client = memoryClient(routes);
    const methods = new Map<string | number, string>();
    const call = async (method: string, params?: Record<string, unknown>, capabilities: Record<string, unknown> = ALL) => {
      const reply = await client.stateless(method, params, { capabilities, logLevel: "debug", extra: { progressToken: "p" } });
      methods.set(reply.id, method);
      return reply;
    };
    await call("server/discover");
    await call("tools/list");
    await call("tools/call", { name: "add", arguments: { a: 1, b: 2 } });
    await call("tools/call", { name: "echo", arguments: { text: "hi", steps: 2 } });
    await call("tools/call", { name: "ask_all", arguments: {} });
    await call("tools/call", { name: "ask_model", arguments: {} }, {});
    await call("resources/list");
    await call("resources/templates/list");
    await call("resources/read", { uri: "notes://1" });
    await call("resources/read", { uri: "nowhere://x" });
    await call("prompts/list");
    await call("prompts/get", { name: "greet", arguments: { name: "Ada" } });
    await call("completion/complete", { ref: { type: "ref/prompt", name: "greet" }, argument: { name: "style", value: "f" } });
    await call("no/such/method");
    await client.request("server/discover", {});
    const checker = specChecker("2026-07-28");
    const problems = client.sent.flatMap((message) => {
      const id = "id" in message && !("method" in message) ? message.id : undefined;
      const method = id === undefined || id === null ? undefined : methods.get(id);
      const result = (message as { result?: { resultType?: string } }).result;
      // Interim results have a type of their own; the rest check against their method's result.
      if (result?.resultType === "input_required")
        return checker.checkType("InputRequiredResult", result).map((problem) => `${JSON.stringify(message)}: ${problem}`);
      return checker.check(message, method).map((problem) => `${JSON.stringify(message)}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });
});
