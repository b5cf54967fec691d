/**
 * Self-check of the calculator example: starts the server over stdio with the
 * official MCP SDK client, calls every tool and exits non-zero on any mismatch.
 *
 *   npx tsx --conditions=turbomcp-source examples/calculator/client.ts
 */
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const transport = new StdioClientTransport({
  command: process.execPath,
  args: ["--import", "tsx", "--conditions=turbomcp-source", path.join(here, "src/generated/server.gen.ts"), "--transport", "stdio"],
  cwd: path.join(here, "../.."),
  stderr: "inherit",
});
const client = new Client({ name: "calculator-check", version: "1.0.0" });
await client.connect(transport);
// What the server sent, as it arrived: the SDK hands progress to `onprogress` a tick
// after it reads it, and drops any it read in the same chunk as the final response
// (a matter of when the client process gets to read), so the wire is where progress
// is checked; `onprogress` must then see a prefix of it.
const sentProgress: number[] = [];
const deliver = transport.onmessage;
transport.onmessage = (message) => {
  if ("method" in message && message.method === "notifications/progress") sentProgress.push(Number(message.params?.progress));
  deliver?.(message);
};
try {
  const { tools } = await client.listTools();
  assert.deepEqual(
    tools.map((tool) => tool.name),
    ["add", "divide", "sum"],
  );

  const added = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
  assert.deepEqual(added.content, [{ type: "text", text: "5" }]);

  const divided = await client.callTool({ name: "divide", arguments: { a: 17, b: 5 } });
  assert.deepEqual(divided.structuredContent, { quotient: 3, remainder: 2 });

  const byZero = await client.callTool({ name: "divide", arguments: { a: 1, b: 0 } });
  assert.equal(byZero.isError, true);
  assert.deepEqual(byZero.content, [{ type: "text", text: "cannot divide by zero" }]);

  const invalid = await client.callTool({ name: "add", arguments: { a: "two", b: 3 } });
  assert.equal(invalid.isError, true);

  const values = Array.from({ length: 3000 }, (_, index) => index + 1);
  const progress: number[] = [];
  const summed = await client.callTool({ name: "sum", arguments: { values } }, undefined, {
    onprogress: (update) => progress.push(update.progress),
  });
  assert.deepEqual(summed.structuredContent, { total: 4_501_500, count: 3000 });
  assert.deepEqual(sentProgress, [1000, 2000, 3000], "the server reports progress every 1,000 values, in order");
  assert.deepEqual(progress, sentProgress.slice(0, progress.length));
  console.log("calculator example: all checks passed");
} finally {
  await client.close();
}
