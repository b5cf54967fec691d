/**
 * The official MCP SDK v1 client against the fixture server, spawned over stdio the
 * way Claude Desktop or any other client would start it.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, fixtureArgs } from "./helpers/spawn-fixture.js";

let client: Client;
let transport: StdioClientTransport;
let stderr = "";
const logs: LoggingMessageNotification["params"][] = [];

beforeAll(async () => {
  client = new Client({ name: "interop-test", version: "1.0.0" }, { capabilities: { sampling: {}, elicitation: {} } });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    logs.push(notification.params);
  });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    const first = request.params.messages[0]?.content;
    const question = first && "text" in first ? first.text : "?";
    return { role: "assistant", content: { type: "text", text: `4 (asked "${question}")` }, model: "test-model" };
  });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
  transport = new StdioClientTransport({ command: process.execPath, args: fixtureArgs("--transport", "stdio"), cwd: REPO_ROOT, stderr: "pipe" });
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await client.connect(transport);
});

afterAll(async () => {
  // Closing the client ends the child's stdin; the transport kills it if it lingers.
  await client?.close();
});

describe("official SDK client over stdio", () => {
  it("negotiates the latest version and sees the server's identity", () => {
    expect(client.getServerVersion()).toMatchObject({ name: "fixture-server", version: "1.2.3", title: "Fixture" });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {}, logging: {}, completions: {} });
    expect(client.getInstructions()).toBe("Call add to add.");
  });

  it("lists tools with their schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("add");
    expect(tools.find((tool) => tool.name === "add")).toMatchObject({ title: "Add", outputSchema: { required: ["sum"] } });
  });

  it("calls a tool with structured output", async () => {
    const result = await client.callTool({ name: "add", arguments: { a: 20, b: 22 } });
    expect(result).toEqual({ content: [{ type: "text", text: '{"sum":42}' }], structuredContent: { sum: 42 } });
  });

  it("reports invalid input and handler failures as isError results, without stacks", async () => {
    const invalid = await client.callTool({ name: "add", arguments: { a: 1 } });
    expect(invalid).toMatchObject({ isError: true, content: [{ type: "text", text: expect.stringContaining("must have required property 'b'") }] });
    const exploded = await client.callTool({ name: "explode", arguments: {} });
    expect(exploded).toEqual({ isError: true, content: [{ type: "text", text: "Internal error while running tool explode" }] });
    expect(JSON.stringify(exploded)).not.toMatch(/hunter2|at .*\.ts/);
    // The operator still learns what happened, on stderr.
    await expect.poll(() => stderr).toContain("hunter2");
  });

  it("delivers progress to the callback and logs after setLoggingLevel", async () => {
    await client.setLoggingLevel("debug");
    const progress: number[] = [];
    const result = await client.callTool({ name: "echo", arguments: { text: "hi", steps: 3 } }, undefined, {
      onprogress: (update) => progress.push(update.progress),
    });
    expect(result).toEqual({ content: [{ type: "text", text: "echo: hi" }] });
    expect(progress).toEqual([1, 2, 3]);
    await expect.poll(() => logs.map((log) => log.level)).toEqual(expect.arrayContaining(["debug", "info"]));
    expect(logs).toContainEqual({ level: "info", logger: "echo", data: { step: 2 } });
  });

  it("lists and reads resources, coercing template variables", async () => {
    expect((await client.listResources()).resources).toEqual([{ uri: "docs://readme", name: "readme", title: "Read me", mimeType: "text/markdown" }]);
    expect((await client.listResourceTemplates()).resourceTemplates).toHaveLength(1);
    expect((await client.readResource({ uri: "docs://readme" })).contents).toEqual([{ uri: "docs://readme", mimeType: "text/markdown", text: "# Fixture" }]);
    expect((await client.readResource({ uri: "notes://7" })).contents).toEqual([{ uri: "notes://7", mimeType: "text/plain", text: "note 7 is a number" }]);
    await expect(client.readResource({ uri: "notes://none" })).rejects.toMatchObject({ code: -32002 });
  });

  it("gets a prompt and completes its arguments", async () => {
    const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Say hello to Ada in a friendly way." } }]);
    await expect(client.getPrompt({ name: "greet", arguments: {} })).rejects.toMatchObject({ code: -32602 });
    const completion = await client.complete({ ref: { type: "ref/prompt", name: "greet" }, argument: { name: "style", value: "fr" } });
    expect(completion.completion).toEqual({ values: ["friendly"], total: 1, hasMore: false });
  });

  it("answers ping", async () => {
    expect(await client.ping()).toEqual({});
  });

  it("round-trips sampling and elicitation through the client's handlers", async () => {
    expect(await client.callTool({ name: "ask_model", arguments: {} })).toEqual({ content: [{ type: "text", text: 'model said: 4 (asked "2+2?")' }] });
    expect(await client.callTool({ name: "ask_user", arguments: {} })).toEqual({ content: [{ type: "text", text: 'accept: {"name":"Ada"}' }] });
  });

  it("fails roots() clearly when the client did not declare roots", async () => {
    const result = await client.callTool({ name: "list_roots", arguments: {} });
    expect(result).toMatchObject({ isError: true, content: [{ text: "the client did not declare the roots capability" }] });
  });
});
