import { describe, expect, it } from "vitest";
import { defineRoutes } from "../../packages/runtime/src/index.js";
import { routes } from "../fixtures/runtime/routes.js";
import { memoryClient } from "./helpers/memory-client.js";

async function listAt(version: string, method: string, params?: object) {
  const client = memoryClient(routes);
  await client.initialize(version);
  return (await client.request(method, params)).result;
}

describe("dispatcher: version-dependent fields", () => {
  const addAt = async (version: string) => ((await listAt(version, "tools/list"))?.tools as Record<string, unknown>[]).find((tool) => tool.name === "add");
  const cases: ReadonlyArray<readonly [string, readonly string[], readonly string[]]> = [
    ["2024-11-05", ["name", "description", "inputSchema"], ["title", "annotations", "outputSchema"]],
    ["2025-03-26", ["name", "annotations"], ["title", "outputSchema"]],
    ["2025-06-18", ["title", "annotations", "outputSchema"], []],
    ["2025-11-25", ["title", "annotations", "outputSchema"], []],
  ];
  it.each(cases)("tools/list at %s", async (version, present, absent) => {
    const add = await addAt(version);
    for (const field of present) expect(add).toHaveProperty(field);
    for (const field of absent) expect(add).not.toHaveProperty(field);
  });

  it("drops structuredContent for clients older than 2025-06-18", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-03-26");
    expect((await client.request("tools/call", { name: "add", arguments: { a: 1, b: 1 } })).result).toEqual({ content: [{ type: "text", text: '{"sum":2}' }] });
  });

  it("drops prompt argument titles and serverInfo fields for old clients", async () => {
    const prompts = (await listAt("2024-11-05", "prompts/list"))?.prompts as { arguments: object[] }[];
    expect(prompts[0]?.arguments[0]).toEqual({ name: "name", required: true });
    const client = memoryClient(routes);
    expect((await client.initialize("2025-06-18")).result?.serverInfo).toEqual({ name: "fixture-server", version: "1.2.3", title: "Fixture" });
  });

  it("serves the same list object to every request of one version (built once)", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    const first = (await client.request("tools/list")).result;
    expect((await client.request("tools/list")).result).toBe(first);
    expect(first).not.toHaveProperty("nextCursor");
  });

  it("refuses a cursor it never issued with -32602 (server/utilities/pagination)", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    expect((await client.request("tools/list", { cursor: "made-up" })).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/cursor/) as unknown,
    });
  });
});

describe("dispatcher: capabilities, resources, prompts, completion", () => {
  it("derives capabilities from the table", async () => {
    const full = memoryClient(routes);
    expect((await full.initialize()).result?.capabilities).toEqual({
      logging: {},
      tools: { listChanged: false },
      resources: { subscribe: true, listChanged: false },
      prompts: { listChanged: false },
      completions: {},
    });
    const empty = memoryClient(defineRoutes({ server: { name: "empty", version: "0" } }));
    expect((await empty.initialize()).result?.capabilities).toEqual({ logging: {} });
    expect((await empty.request("tools/list")).error?.code).toBe(-32601);
    expect((await empty.request("completion/complete", { ref: { type: "ref/prompt", name: "x" }, argument: { name: "a", value: "" } })).error?.code).toBe(
      -32601,
    );
  });

  it("reads fixed and templated resources, coercing template variables", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    expect((await client.request("resources/read", { uri: "docs://readme" })).result).toEqual({
      contents: [{ uri: "docs://readme", mimeType: "text/markdown", text: "# Fixture" }],
    });
    expect((await client.request("resources/read", { uri: "notes://42" })).result).toEqual({
      contents: [{ uri: "notes://42", mimeType: "text/plain", text: "note 42 is a number" }],
    });
    expect((await client.request("resources/templates/list")).result).toEqual({
      resourceTemplates: [{ uriTemplate: "notes://{id}", name: "note", mimeType: "text/plain" }],
    });
  });

  it("gets a prompt as one user message", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    expect((await client.request("prompts/get", { name: "greet", arguments: { name: "Ada", style: "formal" } })).result).toEqual({
      description: "Greets someone",
      messages: [{ role: "user", content: { type: "text", text: "Say hello to Ada in a formal way." } }],
    });
  });

  const completions: ReadonlyArray<readonly [string, object, string, string, object]> = [
    [
      "static prompt values by prefix",
      { type: "ref/prompt", name: "greet" },
      "style",
      "f",
      { values: ["formal", "friendly", "funny"], total: 3, hasMore: false },
    ],
    ["static values, narrower prefix", { type: "ref/prompt", name: "greet" }, "style", "fu", { values: ["funny"], total: 1, hasMore: false }],
    ["template variable values", { type: "ref/resource", uri: "notes://{id}" }, "id", "1", { values: ["1", "10"], total: 2, hasMore: false }],
    ["argument without sources", { type: "ref/prompt", name: "greet" }, "other", "", { values: [], total: 0, hasMore: false }],
    [
      "dynamic values narrowed by the handler",
      { type: "ref/prompt", name: "greet" },
      "name",
      "user14",
      { values: Array.from({ length: 10 }, (_, i) => `user14${i}`), total: 10, hasMore: false },
    ],
  ];
  it.each(completions)("completion: %s", async (_name, ref, argument, value, expected) => {
    const client = memoryClient(routes);
    await client.initialize();
    expect((await client.request("completion/complete", { ref, argument: { name: argument, value } })).result).toEqual({ completion: expected });
  });

  it("completion: caps dynamic values at 100 and sets hasMore", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    const result = (await client.request("completion/complete", { ref: { type: "ref/prompt", name: "greet" }, argument: { name: "name", value: "" } })).result;
    expect(result?.completion).toMatchObject({ total: 150, hasMore: true });
    expect((result?.completion as { values: string[] }).values).toHaveLength(100);
  });
});
