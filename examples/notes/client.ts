/**
 * Self-check of the notes example: starts the server over stdio with the generated
 * typed client (src/generated/client.gen.ts, on the official MCP SDK client),
 * exercises tools, resources, templates, prompts and completion, and exits non-zero
 * on any mismatch. Tools, reads and prompts go through the typed methods, so a
 * manifest change the checks disagree with is a type error; `client.sdk` serves what
 * the typed client does not cover (listing, subscriptions, completion, capabilities).
 *
 *   npx tsx --conditions=turbomcp-source examples/notes/client.ts
 */
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { McpError, ResourceUpdatedNotificationSchema, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { connectStdio, ToolResultError } from "./src/generated/client.gen.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const client = await connectStdio(
  {
    command: process.execPath,
    args: ["--import", "tsx", "--conditions=turbomcp-source", path.join(here, "src/generated/server.gen.ts"), "--transport", "stdio"],
    cwd: path.join(here, "../.."),
    stderr: "inherit",
  },
  { name: "notes-check" },
);

/** The one text item of a resources/read result, which must be for `uri`. */
async function readText(uri: string, read: Promise<ReadResourceResult> = client.resources.read(uri)): Promise<{ text: string; mimeType: string | undefined }> {
  const { contents } = await read;
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
  const { completion } = await client.sdk.complete({ ref, argument: { name, value } });
  return completion.values;
}

try {
  const capabilities = client.sdk.getServerCapabilities();
  assert.ok(capabilities?.tools && capabilities.resources && capabilities.prompts && capabilities.completions, "missing capabilities");

  // Subscribed to the index, the client hears when create_note changes it.
  const updated: string[] = [];
  client.sdk.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    updated.push(notification.params.uri);
  });
  await client.sdk.subscribeResource({ uri: "notes://index" });

  // Tools
  const { tools } = await client.sdk.listTools();
  assert.deepEqual(
    tools.map((tool) => tool.name),
    ["create_note", "search_notes"],
  );
  const first = await client.tools.create_note({ title: "Groceries", body: "Milk, eggs, coffee.", tags: ["personal", "todo"] });
  assert.deepEqual(first, { id: 1, title: "Groceries", tags: ["personal", "todo"], uri: "notes://1" });
  const second = await client.tools.create_note({ title: "Release plan", body: "Ship turbomcp 0.1 on Friday." });
  assert.deepEqual(second, { id: 2, title: "Release plan", tags: [], uri: "notes://2" });
  // The unsubscribe round trip also lets the SDK deliver the last notification, which it handles a tick later.
  await client.sdk.unsubscribeResource({ uri: "notes://index" });
  assert.deepEqual(updated, ["notes://index", "notes://index"]);
  for (let n = 3; n <= 12; n += 1) {
    await client.tools.create_note({ title: `Idea ${n}`, body: `Idea number ${n}.`, tags: ["ideas"] });
  }
  // The pattern is not in the type (a string), so the server is what rejects it: an isError result.
  await assert.rejects(client.tools.create_note({ title: "x", body: "y", tags: ["Not A Tag"] }), (error: unknown) => {
    assert.ok(error instanceof ToolResultError, "a tag outside the pattern must be rejected");
    assert.equal(error.result.isError, true, "a tag outside the pattern must be rejected");
    return true;
  });

  const searched = await client.tools.search_notes({ query: "COFFEE" });
  assert.deepEqual(searched.content, [{ type: "text", text: '1 note match "COFFEE":\n- notes://1 Groceries' }]);
  const none = await client.tools.search_notes({ query: "nothing like this" });
  assert.deepEqual(none.content, [{ type: "text", text: 'No notes match "nothing like this".' }]);

  // Resources
  const { resources } = await client.sdk.listResources();
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
  const { resourceTemplates } = await client.sdk.listResourceTemplates();
  assert.deepEqual(
    resourceTemplates.map((template) => [template.uriTemplate, template.name]),
    [
      ["notes://{id}", "note"],
      ["notes://tags/{tag}", "notes-by-tag"],
    ],
  );
  const note = await readText("notes://2", client.resourceTemplates.note({ id: 2 }));
  assert.equal(note.mimeType, "text/markdown");
  assert.equal(note.text, "# Release plan\n\nShip turbomcp 0.1 on Friday.\n");
  // Unknown id → the spec's "resource not found" (-32002).
  assert.equal(await errorCode(() => client.resourceTemplates.note({ id: 999 })), -32002);
  // Not an integer, or below the minimum: the variable does not convert, so no resource matches.
  for (const uri of ["notes://abc", "notes://0", "notes://1.5"]) {
    assert.equal(await errorCode(() => client.resources.read(uri)), -32002, uri);
  }
  const tagged = await readText("notes://tags/personal", client.resourceTemplates["notes-by-tag"]({ tag: "personal" }));
  assert.deepEqual(JSON.parse(tagged.text), [{ id: 1, title: "Groceries", uri: "notes://1" }]);
  assert.deepEqual(JSON.parse((await readText("notes://tags/work", client.resourceTemplates["notes-by-tag"]({ tag: "work" }))).text), []);

  // Prompts
  const { prompts } = await client.sdk.listPrompts();
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
  const summary = await client.prompts.summarize_note({ id: "1", style: "bullets" });
  assert.deepEqual(summary.messages, [
    {
      role: "user",
      content: { type: "text", text: "Summarise this note as a short bulleted list:\n\n# Groceries\n\nMilk, eggs, coffee.\n\nTags: personal, todo\n" },
    },
  ]);
  // @ts-expect-error -- `id` is required: the types refuse this, and so must the server.
  assert.equal(await errorCode(() => client.prompts.summarize_note({})), -32602);
  assert.equal(await errorCode(() => client.prompts.summarize_note({ id: "999" })), -32602);
  assert.equal(await errorCode(() => client.prompts.summarize_note({ id: "1", style: "poem" })), -32602);
  const review = await client.prompts.daily_review();
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
  const total = await client.sdk.complete({ ref: { type: "ref/prompt", name: "summarize_note" }, argument: { name: "id", value: "" } });
  assert.equal(total.completion.values.length, 12);

  console.log("notes example: all checks passed");
} finally {
  await client.close();
}
