/**
 * The official SDK v1 SSEClientTransport (the 2024-11-05 HTTP+SSE transport)
 * against the examples served by listenHttp: the handshake on 2024-11-05 and on the
 * SDK's own latest version, tools with progress, server→client requests, resources
 * and prompts, and two clients kept apart. Every message the server sends is
 * checked against the negotiated version's schema from the spec.
 */
import { CreateMessageRequestSchema, ElicitRequestSchema, ResourceUpdatedNotificationSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { routes as calculator } from "../../../examples/calculator/src/generated/routes.gen.js";
import { routes as everything } from "../../../examples/everything/src/generated/routes.gen.js";
import { routes as notes } from "../../../examples/notes/src/generated/routes.gen.js";
import { connectSdk, specProblems, startLegacy } from "./legacy-sse-harness.js";

const text = (result: unknown): string | undefined => {
  const [first] = (result as CallToolResult).content;
  return first?.type === "text" ? first.text : undefined;
};

/** 2024-11-05 has no `structuredContent`: structured output arrives as its JSON text. */
const structured = (result: unknown): unknown => {
  expect(result).not.toHaveProperty("structuredContent");
  return JSON.parse(text(result) ?? "null");
};

describe("legacy HTTP+SSE with the official SDK client", () => {
  it("initializes on 2024-11-05 and lists and calls the calculator's tools", async () => {
    const { sse, errors } = await startLegacy(calculator);
    const connection = await connectSdk(sse, { protocolVersion: "2024-11-05" });
    const { client } = connection;
    expect(client.getServerVersion()).toMatchObject({ name: "calculator", version: "1.0.0" });
    const init = connection.received.find((message) => "result" in message && connection.methods.get(message.id) === "initialize");
    expect(init).toMatchObject({ result: { protocolVersion: "2024-11-05" } });

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["add", "divide", "sum"]);
    expect(text(await client.callTool({ name: "add", arguments: { a: 2, b: 3 } }))).toBe("5");
    const divided = await client.callTool({ name: "divide", arguments: { a: 17, b: 5 } });
    expect(structured(divided)).toEqual({ quotient: 3, remainder: 2 });
    const byZero = await client.callTool({ name: "divide", arguments: { a: 1, b: 0 } });
    expect(byZero).toMatchObject({ isError: true, content: [{ type: "text", text: "cannot divide by zero" }] });
    await client.ping();

    expect(specProblems(connection, "2024-11-05")).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("streams progress for a long sum before its result", async () => {
    const { sse } = await startLegacy(calculator);
    const connection = await connectSdk(sse, { protocolVersion: "2024-11-05" });
    const progress: number[] = [];
    const values = Array.from({ length: 3000 }, (_, index) => index + 1);
    const summed = await connection.client.callTool({ name: "sum", arguments: { values } }, undefined, {
      onprogress: (update) => progress.push(update.progress),
    });
    expect(structured(summed)).toEqual({ total: 4_501_500, count: 3000 });
    // Every update travels on the stream before the result, so all of them arrive.
    expect(progress).toEqual([1000, 2000, 3000]);
    expect(connection.received.filter((message) => "method" in message && message.method === "notifications/progress")).toHaveLength(3);
    expect(specProblems(connection, "2024-11-05")).toEqual([]);
  });

  it("round-trips sampling on 2024-11-05 through the client's handler", async () => {
    const { sse } = await startLegacy(everything);
    const connection = await connectSdk(sse, { protocolVersion: "2024-11-05" });
    const asked: unknown[] = [];
    connection.client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      asked.push(request.params);
      return { role: "assistant", content: { type: "text", text: "four" }, model: "test-model", stopReason: "endTurn" };
    });
    const sampled = await connection.client.callTool({ name: "test_sampling", arguments: { prompt: "2+2?" } });
    expect(text(sampled)).toBe("LLM response: four");
    expect(asked).toEqual([{ messages: [{ role: "user", content: { type: "text", text: "2+2?" } }], maxTokens: 100 }]);
    expect(specProblems(connection, "2024-11-05")).toEqual([]);
  });

  it("serves the SDK's own latest version too, elicitation included", async () => {
    const { sse } = await startLegacy(everything);
    const connection = await connectSdk(sse);
    const version = connection.transport["_protocolVersion"] as string | undefined;
    expect(version).toBe("2025-11-25");
    connection.client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { username: "ada", email: "ada@example.com" } }));
    const elicited = await connection.client.callTool({ name: "test_elicitation", arguments: { message: "Who are you?" } });
    expect(text(elicited)).toBe('User response: action=accept, content={"username":"ada","email":"ada@example.com"}');
    const progress: number[] = [];
    await connection.client.callTool({ name: "test_tool_with_progress", arguments: {} }, undefined, { onprogress: (update) => progress.push(update.progress) });
    expect(progress).toEqual([0, 50, 100]);
    expect(specProblems(connection, "2025-11-25")).toEqual([]);
  });

  it("serves the notes example's resources, templates, prompts and completion on 2024-11-05", async () => {
    const { sse } = await startLegacy(notes);
    const connection = await connectSdk(sse, { protocolVersion: "2024-11-05" });
    const { client } = connection;
    const created = await client.callTool({ name: "create_note", arguments: { title: "Legacy", body: "Over SSE.", tags: ["sse"] } });
    const { id } = structured(created) as { id: number };
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(["notes://index"]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(["notes://{id}", "notes://tags/{tag}"]);
    const read = await client.readResource({ uri: `notes://${id}` });
    expect(read.contents).toEqual([{ uri: `notes://${id}`, mimeType: "text/markdown", text: "# Legacy\n\nOver SSE.\n\nTags: sse\n" }]);
    await expect(client.readResource({ uri: "notes://999999" })).rejects.toMatchObject({ code: -32002 });
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(["summarize_note", "daily_review"]);
    const prompt = await client.getPrompt({ name: "summarize_note", arguments: { id: String(id), style: "brief" } });
    expect(prompt.messages).toHaveLength(1);
    await expect(client.getPrompt({ name: "summarize_note", arguments: {} })).rejects.toMatchObject({ code: -32602 });
    const completion = await client.complete({ ref: { type: "ref/prompt", name: "summarize_note" }, argument: { name: "style", value: "b" } });
    expect(completion.completion.values).toEqual(["brief", "bullets"]);
    expect(specProblems(connection, "2024-11-05")).toEqual([]);
  });

  it("keeps two clients apart: each gets only its own replies, progress and notifications", async () => {
    const { sse } = await startLegacy(notes);
    const [watcher, writer] = await Promise.all([connectSdk(sse, { protocolVersion: "2024-11-05" }), connectSdk(sse)]);
    expect(watcher.transport["_endpoint"]).not.toEqual(writer.transport["_endpoint"]);
    const heard: string[] = [];
    watcher.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      heard.push(notification.params.uri);
    });
    await watcher.client.subscribeResource({ uri: "notes://index" });
    // Both run at once (as both initialize calls did, each with id 0): each reply must reach its own client.
    const [a, b] = await Promise.all([
      watcher.client.callTool({ name: "search_notes", arguments: { query: "watcher-only" } }),
      writer.client.callTool({ name: "create_note", arguments: { title: "From the writer", body: "Hello." } }),
    ]);
    expect(text(a)).toBe('No notes match "watcher-only".');
    expect(b.structuredContent).toMatchObject({ title: "From the writer" });
    // Unsubscribing is a round trip on the watcher's stream, behind the notification.
    await watcher.client.unsubscribeResource({ uri: "notes://index" });
    expect(heard).toEqual(["notes://index"]);
    const updates = (connection: typeof watcher) =>
      connection.received.filter((message) => "method" in message && message.method === "notifications/resources/updated");
    expect(updates(watcher)).toHaveLength(1);
    expect(updates(writer)).toHaveLength(0);
    expect(specProblems(watcher, "2024-11-05")).toEqual([]);
    expect(specProblems(writer, "2025-11-25")).toEqual([]);
  });
});
