import { describe, expect, it } from "vitest";
import { routes } from "../fixtures/runtime/routes.js";
import { memoryClient } from "./helpers/memory-client.js";

async function ready(version = "2025-11-25", capabilities: object = {}) {
  const client = memoryClient(routes);
  await client.initialize(version, capabilities);
  await client.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return client;
}

describe("dispatcher: protocol errors", () => {
  const cases: ReadonlyArray<readonly [string, string, object | undefined, number, RegExp]> = [
    ["unknown method", "tools/frobnicate", undefined, -32601, /Method not found: tools\/frobnicate/],
    ["unknown tool", "tools/call", { name: "nope", arguments: {} }, -32602, /Unknown tool: nope/],
    ["tools/call without a name", "tools/call", { arguments: {} }, -32602, /"name"/],
    ["unknown resource", "resources/read", { uri: "nothing://here" }, -32002, /Resource not found/],
    ["unknown prompt", "prompts/get", { name: "nope" }, -32602, /Unknown prompt/],
    ["prompt missing a required argument", "prompts/get", { name: "greet", arguments: {} }, -32602, /Missing required argument "name"/],
    ["prompt argument of the wrong type", "prompts/get", { name: "greet", arguments: { name: { first: "Ada" } } }, -32602, /must be string/],
    ["bad log level", "logging/setLevel", { level: "loud" }, -32602, /must be one of/],
    [
      "completion for an unknown prompt",
      "completion/complete",
      { ref: { type: "ref/prompt", name: "x" }, argument: { name: "a", value: "" } },
      -32602,
      /Unknown prompt/,
    ],
    ["second initialize", "initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } }, -32600, /only once/],
  ];
  it.each(cases)("%s", async (_name, method, params, code, message) => {
    const client = await ready();
    const reply = await client.request(method, params);
    expect(reply.error?.code).toBe(code);
    expect(reply.error?.message).toMatch(message);
  });

  it("answers requests before initialize with an error, but pings", async () => {
    const client = memoryClient(routes);
    expect((await client.request("tools/list")).error?.code).toBe(-32600);
    expect((await client.request("ping")).result).toEqual({});
  });

  it("puts the URI into resource-not-found data, and the reason when a template rejected it", async () => {
    const client = await ready();
    expect((await client.request("resources/read", { uri: "nothing://here" })).error?.data).toEqual({ uri: "nothing://here" });
    const typed = await client.request("resources/read", { uri: "notes://abc" });
    expect(typed.error?.code).toBe(-32002);
    expect(typed.error?.data).toMatchObject({ uri: "notes://abc", reason: expect.stringMatching(/integer/) });
  });

  it("echoes every id kind exactly", async () => {
    const client = await ready();
    for (const id of ["x", "", 0, -3, 2.5, 9007199254740991]) expect((await client.request("ping", undefined, id)).id).toBe(id);
  });

  it("rejects a second request with an id that is still in flight", async () => {
    const client = await ready();
    const first = client.send({ jsonrpc: "2.0", id: "dup", method: "tools/call", params: { name: "echo", arguments: { text: "a" } } });
    const second = await client.request("ping", undefined, "dup");
    expect(second.error?.message).toMatch(/already in use/);
    await first;
  });
});

describe("dispatcher: tools/call results", () => {
  const cases: ReadonlyArray<readonly [string, string, object, object]> = [
    ["structured output", "add", { a: 2, b: 3 }, { content: [{ type: "text", text: '{"sum":5}' }], structuredContent: { sum: 5 } }],
    ["text result", "echo", { text: "hi", steps: 1 }, { content: [{ type: "text", text: "echo: hi" }] }],
    [
      "invalid input",
      "add",
      { a: "two" },
      { isError: true, content: [{ type: "text", text: expect.stringMatching(/Invalid arguments for tool add: .*\/a must be number/) }] },
    ],
    [
      "an unknown argument, named",
      "add",
      { a: 1, b: 2, c: 3 },
      { isError: true, content: [{ type: "text", text: 'Invalid arguments for tool add: must not have the property "c"' }] },
    ],
    ["bug in a handler", "explode", {}, { isError: true, content: [{ type: "text", text: "Internal error while running tool explode" }] }],
    ["ToolError", "refuse", {}, { isError: true, content: [{ type: "text", text: "cannot do that today" }] }],
    ["NotImplementedError", "stub", {}, { isError: true, content: [{ type: "text", text: expect.stringMatching(/not implemented yet/) }] }],
    ["output not matching outputSchema", "bad_output", {}, { isError: true, content: [{ type: "text", text: "Tool bad_output produced invalid output" }] }],
    ["timeout from the route policy", "sleepy", {}, { isError: true, content: [{ type: "text", text: "Tool sleepy timed out after 100 ms" }] }],
  ];
  it.each(cases)("%s", async (_name, tool, args, expected) => {
    const client = await ready();
    const reply = await client.request("tools/call", { name: tool, arguments: args });
    expect(reply.error).toBeUndefined();
    expect(reply.result).toEqual(expected);
  });

  it("answers a missing client capability with -32021 naming it, not with a tool result", async () => {
    const client = await ready();
    const reply = await client.request("tools/call", { name: "ask_model", arguments: {} });
    expect(reply.result).toBeUndefined();
    expect(reply.error).toEqual({
      code: -32021,
      message: "the client did not declare the sampling capability",
      data: { requiredCapabilities: { sampling: {} } },
    });
  });

  it("never leaks a bug's message or stack, but logs it for the operator", async () => {
    const client = await ready();
    const reply = await client.request("tools/call", { name: "explode", arguments: {} });
    expect(JSON.stringify(reply)).not.toMatch(/hunter2|\.ts:\d+/);
    expect(client.errors).toHaveLength(1);
    expect(String(client.errors[0]?.error)).toContain("hunter2");
  });

  it("applies the server default timeout to routes without one", async () => {
    const client = memoryClient(routes, { requestTimeoutMs: 20 });
    await client.initialize();
    const reply = await client.request("tools/call", { name: "echo", arguments: { text: "x", steps: 50 } });
    expect(reply.result).toEqual({ isError: true, content: [{ type: "text", text: "Tool echo timed out after 20 ms" }] });
  });
});
