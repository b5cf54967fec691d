/**
 * The fixture server over one transport: every protocol feature the official SDK
 * client exercises (formerly the stdio and HTTP SDK interop suites, which repeated
 * each other), plus a cancellation whose effect on the server is observable.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FIXTURE_ENTRY, killLeftovers } from "./served.js";
import { connectClient, isReplyTo, progressBeforeReply, sentCallId, type Connected, type ServedEndpoint, type TransportTarget } from "./suite-client.js";

export function fixtureScenarios(target: TransportTarget): void {
  let endpoint: ServedEndpoint;
  let main: Connected;
  let client: Client;
  const logs: LoggingMessageNotification["params"][] = [];

  beforeAll(async () => {
    endpoint = await target.start(FIXTURE_ENTRY);
    main = await connectClient(endpoint, { sampling: {}, elicitation: {} }, (sdk) => {
      sdk.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
        logs.push(notification.params);
      });
      sdk.setRequestHandler(CreateMessageRequestSchema, async (request) => {
        const first = request.params.messages[0]?.content;
        const question = first && "text" in first ? first.text : "?";
        return { role: "assistant", content: { type: "text", text: `4 (asked "${question}")` }, model: "test-model" };
      });
      sdk.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
    });
    client = main.client;
  });

  afterAll(async () => {
    await client?.close();
    await endpoint?.stop();
    killLeftovers();
  });

  it("negotiates the latest version and sees the server's identity", () => {
    expect(client.getServerVersion()).toMatchObject({ name: "fixture-server", version: "1.2.3", title: "Fixture" });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {}, logging: {}, completions: {} });
    expect(client.getInstructions()).toBe("Call add to add.");
  });

  it("lists tools with their schemas and calls one with structured output", async () => {
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === "add")).toMatchObject({ title: "Add", outputSchema: { required: ["sum"] } });
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
    await expect.poll(() => endpoint.stderr()).toContain("hunter2");
  });

  it("delivers progress to the callback and logs after setLoggingLevel", async () => {
    await client.setLoggingLevel("debug");
    const progress: number[] = [];
    const result = await client.callTool({ name: "echo", arguments: { text: "hi", steps: 3 } }, undefined, {
      onprogress: (update) => progress.push(update.progress),
    });
    expect(result).toEqual({ content: [{ type: "text", text: "echo: hi" }] });
    expect(progressBeforeReply(main.wire, "echo")).toEqual([1, 2, 3]);
    expect(progress).toEqual([1, 2, 3].slice(0, progress.length));
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
    await expect(client.callTool({ name: "list_roots", arguments: {} })).rejects.toThrow(/-32021.*did not declare the roots capability/);
  });

  it("stops a cancelled request on the server: it is never answered", async () => {
    const controller = new AbortController();
    const cancelled = client.callTool({ name: "sleepy", arguments: {} }, undefined, { signal: controller.signal });
    await expect.poll(() => sentCallId(main.wire, "sleepy")).toBeDefined();
    const id = sentCallId(main.wire, "sleepy");
    controller.abort(new Error("changed my mind"));
    await expect(cancelled).rejects.toThrow(/changed my mind/);
    // sleepy gives up after its 100 ms timeout. Had the cancelled call run on, its
    // timer (started first) would have fired, and been answered, before this one's.
    await client.callTool({ name: "sleepy", arguments: {} }).catch(() => undefined);
    expect(main.wire.received.some((message) => isReplyTo(message, id))).toBe(false);
  });
}
