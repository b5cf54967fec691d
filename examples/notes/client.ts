/**
 * Self-check of the notes example: starts the server over stdio with the official
 * MCP SDK client, exercises tools, resources, templates, prompts and completion,
 * and exits non-zero on any mismatch.
 *
 *   npx tsx --conditions=turbomcp-source examples/notes/client.ts
 */
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpError, ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const transport = new StdioClientTransport({
  command: process.execPath,
  args: ["--import", "tsx", "--conditions=turbomcp-source", path.join(here, "src/generated/server.gen.ts"), "--transport", "stdio"],
  cwd: path.join(here, "../.."),
  stderr: "inherit",
});
const client = new Client({ name: "notes-check", version: "1.0.0" });

/** The one text item of a resources/read result. */
async function readText(uri: string): Promise<{ text: string; mimeType: string | undefined }> {
  const { contents } = await client.readResource({ uri });
  assert.equal(contents.length, 1, `${uri}: expected one content item`);
  const [content] = contents;
  assert.ok(content !== undefined && "text" in content, `${uri}: expected text contents`);
  assert.equal(content.uri, uri);
  return { text: content.text, mimeType: content.mimeType };
}

/** Runs `action` and returns the JSON-RPC error code it failed with. */
async function errorCode(action: () => Promise<unknown>): Promise<number> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof McpError, `expected an McpError, got ${String(error)}`);
    return error.code;
  }
  assert.fail("expected the request to fail");
}

async function completeValues(
  ref: { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string },
  name: string,
  value: string,
): Promise<string[]> {
  const { completion } = await client.complete({ ref, argument: { name, value } });
  return completion.values;
}

await client.connect(transport);
try {
  const capabilities = client.getServerCapabilities();
  assert.ok(capabilities?.tools && capabilities.resources && capabilities.prompts && capabilities.completions, "missing capabilities");

  // Subscribed to the index, the client hears when create_note changes it.
  const updated: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    updated.push(notification.params.uri);
  });
  await client.subscribeResource({ uri: "notes://index" });

  // Tools
  const { tools } = await client.listTools();
  assert.deepEqual(
    tools.map((tool) => tool.name),
    ["create_note", "search_notes"],
  );
  const first = await client.callTool({ name: "create_note", arguments: { title: "Groceries", body: "Milk, eggs, coffee.", tags: ["personal", "todo"] } });
  assert.deepEqual(first.structuredContent, { id: 1, title: "Groceries", tags: ["personal", "todo"], uri: "notes://1" });
  const second = await client.callTool({ name: "create_note", arguments: { title: "Release plan", body: "Ship turbomcp 0.1 on Friday." } });
  assert.deepEqual(second.structuredContent, { id: 2, title: "Release plan", tags: [], uri: "notes://2" });
  // The unsubscribe round trip also lets the SDK deliver the last notification, which it handles a tick later.
  await client.unsubscribeResource({ uri: "notes://index" });
  assert.deepEqual(updated, ["notes://index", "notes://index"]);
  for (let n = 3; n <= 12; n += 1) {
    await client.callTool({ name: "create_note", arguments: { title: `Idea ${n}`, body: `Idea number ${n}.`, tags: ["ideas"] } });
  }
  const badTag = await client.callTool({ name: "create_note", arguments: { title: "x", body: "y", tags: ["Not A Tag"] } });
  assert.equal(badTag.isError, true, "a tag outside the pattern must be rejected");

  const searched = await client.callTool({ name: "search_notes", arguments: { query: "COFFEE" } });
  assert.deepEqual(searched.content, [{ type: "text", text: '1 note match "COFFEE":\n- notes://1 Groceries' }]);
  const none = await client.callTool({ name: "search_notes", arguments: { query: "nothing like this" } });
  assert.deepEqual(none.content, [{ type: "text", text: 'No notes match "nothing like this".' }]);

  // Resources
  const { resources } = await client.listResources();
  assert.deepEqual(
    resources.map((resource) => [resource.uri, resource.name, resource.mimeType]),
    [["notes://index", "index", "application/json"]],
  );
  const index = await readText("notes://index");
  assert.equal(index.mimeType, "application/json");
  const entries: unknown = JSON.parse(index.text);
  assert.ok(Array.isArray(entries));
  assert.equal(entries.length, 12);
  assert.deepEqual(entries[0], { id: 1, title: "Groceries", tags: ["personal", "todo"], uri: "notes://1" });

  // Resource templates: `id` is declared an integer ≥ 1, so "2" reaches the handler as 2.
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.deepEqual(
    resourceTemplates.map((template) => [template.uriTemplate, template.name]),
    [
      ["notes://{id}", "note"],
      ["notes://tags/{tag}", "notes-by-tag"],
    ],
  );
  const note = await readText("notes://2");
  assert.equal(note.mimeType, "text/markdown");
  assert.equal(note.text, "# Release plan\n\nShip turbomcp 0.1 on Friday.\n");
  // Unknown id → the spec's "resource not found" (-32002).
  assert.equal(await errorCode(() => client.readResource({ uri: "notes://999" })), -32002);
  // Not an integer, or below the minimum: the variable does not convert, so no resource matches.
  for (const uri of ["notes://abc", "notes://0", "notes://1.5"]) {
    assert.equal(await errorCode(() => client.readResource({ uri })), -32002, uri);
  }
  const tagged = await readText("notes://tags/personal");
  assert.deepEqual(JSON.parse(tagged.text), [{ id: 1, title: "Groceries", uri: "notes://1" }]);
  assert.deepEqual(JSON.parse((await readText("notes://tags/work")).text), []);

  // Prompts
  const { prompts } = await client.listPrompts();
  assert.deepEqual(
    prompts.map((prompt) => prompt.name),
    ["summarize_note", "daily_review"],
  );
  assert.deepEqual(
    prompts[0]?.arguments?.map((argument) => [argument.name, argument.required]),
    [
      ["id", true],
      ["style", false],
    ],
  );
  const summary = await client.getPrompt({ name: "summarize_note", arguments: { id: "1", style: "bullets" } });
  assert.deepEqual(summary.messages, [
    {
      role: "user",
      content: { type: "text", text: "Summarise this note as a short bulleted list:\n\n# Groceries\n\nMilk, eggs, coffee.\n\nTags: personal, todo\n" },
    },
  ]);
  assert.equal(await errorCode(() => client.getPrompt({ name: "summarize_note", arguments: {} })), -32602);
  assert.equal(await errorCode(() => client.getPrompt({ name: "summarize_note", arguments: { id: "999" } })), -32602);
  assert.equal(await errorCode(() => client.getPrompt({ name: "summarize_note", arguments: { id: "1", style: "poem" } })), -32602);
  const review = await client.getPrompt({ name: "daily_review" });
  assert.equal(review.messages.length, 1);
  const [reviewMessage] = review.messages;
  assert.equal(reviewMessage?.role, "user");
  assert.ok(reviewMessage?.content.type === "text" && reviewMessage.content.text.startsWith("Here are my 12 notes."));

  // Completion: static values are filtered by prefix, dynamic ones come from the store.
  assert.deepEqual(await completeValues({ type: "ref/prompt", name: "summarize_note" }, "style", "b"), ["brief", "bullets"]);
  assert.deepEqual(await completeValues({ type: "ref/prompt", name: "summarize_note" }, "style", ""), ["brief", "detailed", "bullets"]);
  assert.deepEqual(await completeValues({ type: "ref/prompt", name: "summarize_note" }, "id", "1"), ["1", "10", "11", "12"]);
  assert.deepEqual(await completeValues({ type: "ref/resource", uri: "notes://{id}" }, "id", "2"), ["2"]);
  assert.deepEqual(await completeValues({ type: "ref/resource", uri: "notes://tags/{tag}" }, "tag", "p"), ["personal"]);
  assert.deepEqual(await completeValues({ type: "ref/resource", uri: "notes://tags/{tag}" }, "tag", "zzz"), []);
  assert.equal(await errorCode(() => completeValues({ type: "ref/prompt", name: "no_such_prompt" }, "id", "")), -32602);
  const total = await client.complete({ ref: { type: "ref/prompt", name: "summarize_note" }, argument: { name: "id", value: "" } });
  assert.equal(total.completion.values.length, 12);

  console.log("notes example: all checks passed");
} finally {
  await client.close();
}
