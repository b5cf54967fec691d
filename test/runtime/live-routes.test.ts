/**
 * A live routing table (`createLiveRoutes`, issue 17) through `runMain`, with the
 * official SDK v1 client over stdio and Streamable HTTP: the server declares
 * `listChanged`, a tool call that replaces the table makes the client hear
 * tools/list_changed and prompts/list_changed on the same connection, and the new
 * lists and tools serve at once; going back removes them again.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { PromptListChangedNotificationSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startEntry } from "./production/kit.js";
import { REPO_ROOT, entryArgs } from "./transports/served.js";

const ENTRY = fileURLToPath(new URL("../fixtures/runtime/live-routes-server.ts", import.meta.url));

async function until(what: string, check: () => boolean): Promise<void> {
  // Waits for a state, never asserts on time: the bound only stops a broken run.
  for (let attempt = 0; attempt < 200; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function scenario(client: Client): Promise<void> {
  const heard: string[] = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void heard.push("tools"));
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => void heard.push("prompts"));
  expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, prompts: { listChanged: true } });
  expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["enable_extra", "disable_extra"]);

  expect(await client.callTool({ name: "enable_extra", arguments: {} })).toMatchObject({ content: [{ text: "enabled" }] });
  await until("both list_changed notifications", () => heard.includes("tools") && heard.includes("prompts"));
  expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["enable_extra", "disable_extra", "extra"]);
  expect(await client.callTool({ name: "extra", arguments: {} })).toMatchObject({ content: [{ text: "extra is here" }] });
  expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(["welcome"]);

  heard.length = 0;
  await client.callTool({ name: "disable_extra", arguments: {} });
  await until("the second tools/list_changed", () => heard.includes("tools"));
  const gone = await client.callTool({ name: "extra", arguments: {} }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(String(gone)).toMatch(/Unknown tool: extra/);
}

describe("a live routing table through runMain, with the SDK client", { timeout: 60_000 }, () => {
  it("over stdio", async () => {
    const client = new Client({ name: "live-routes-test", version: "1" });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: entryArgs(ENTRY, "--transport", "stdio"), cwd: REPO_ROOT, stderr: "pipe" }),
    );
    try {
      await scenario(client);
    } finally {
      await client.close();
    }
  });

  it("over Streamable HTTP, on the session's own stream", async () => {
    const server = await startEntry(ENTRY, ["--transport", "http", "--port", "0"]);
    const client = new Client({ name: "live-routes-test", version: "1" });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      await scenario(client);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
