/**
 * The official MCP SDK v1 client over Streamable HTTP against the fixture routes:
 * the same checks the stdio interop suite makes, plus what only HTTP has (SSE
 * streams per request, session termination).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { POST_HEADERS, startFixture } from "./harness.js";

const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  clients.length = 0;
});

async function connect(logs: LoggingMessageNotification["params"][] = []): Promise<{ client: Client; transport: StreamableHTTPClientTransport; url: string }> {
  const { url } = await startFixture();
  const client = new Client({ name: "http-interop", version: "1.0.0" }, { capabilities: { sampling: {}, elicitation: {} } });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    logs.push(notification.params);
  });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: "assistant", content: { type: "text", text: "4" }, model: "test-model" }));
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  clients.push(client);
  return { client, transport, url };
}

describe("official SDK client over Streamable HTTP", () => {
  it("initializes a session and lists and calls tools", async () => {
    const { client, transport } = await connect();
    expect(transport.sessionId).toMatch(/^[\x21-\x7e]{32,}$/);
    expect(client.getServerVersion()).toMatchObject({ name: "fixture-server", version: "1.2.3" });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("add");
    expect(await client.callTool({ name: "add", arguments: { a: 20, b: 22 } })).toEqual({
      content: [{ type: "text", text: '{"sum":42}' }],
      structuredContent: { sum: 42 },
    });
    const failed = await client.callTool({ name: "explode", arguments: {} });
    expect(failed).toEqual({ isError: true, content: [{ type: "text", text: "Internal error while running tool explode" }] });
  });

  it("streams progress and log notifications over SSE before the result", async () => {
    const logs: LoggingMessageNotification["params"][] = [];
    const { client } = await connect(logs);
    await client.setLoggingLevel("debug");
    const progress: number[] = [];
    const result = await client.callTool({ name: "echo", arguments: { text: "hi", steps: 3 } }, undefined, {
      onprogress: (update) => progress.push(update.progress),
    });
    expect(result).toEqual({ content: [{ type: "text", text: "echo: hi" }] });
    expect(progress).toEqual([1, 2, 3]);
    expect(logs).toContainEqual({ level: "info", logger: "echo", data: { step: 2 } });
    expect(logs.map((log) => log.level)).toContain("debug");
  });

  it("round-trips sampling and elicitation through the client's handlers", async () => {
    const { client } = await connect();
    expect(await client.callTool({ name: "ask_model", arguments: {} })).toEqual({ content: [{ type: "text", text: "model said: 4" }] });
    expect(await client.callTool({ name: "ask_user", arguments: {} })).toEqual({ content: [{ type: "text", text: 'accept: {"name":"Ada"}' }] });
  });

  it("serves resources, prompts and completion", async () => {
    const { client } = await connect();
    expect((await client.readResource({ uri: "notes://7" })).contents).toEqual([{ uri: "notes://7", mimeType: "text/plain", text: "note 7 is a number" }]);
    await expect(client.readResource({ uri: "notes://none" })).rejects.toMatchObject({ code: -32002 });
    expect((await client.listResourceTemplates()).resourceTemplates).toHaveLength(1);
    const prompt = await client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt.messages).toEqual([{ role: "user", content: { type: "text", text: "Say hello to Ada in a friendly way." } }]);
    const completion = await client.complete({ ref: { type: "ref/prompt", name: "greet" }, argument: { name: "style", value: "fr" } });
    expect(completion.completion).toEqual({ values: ["friendly"], total: 1, hasMore: false });
  });

  it("terminates the session with DELETE; the old id then gets 404", async () => {
    const { transport, url } = await connect();
    const id = transport.sessionId;
    expect(id).toBeDefined();
    await transport.terminateSession();
    expect(transport.sessionId).toBeUndefined();
    const response = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": String(id) },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: -32006 } });
  });
});
