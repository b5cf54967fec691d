/**
 * Self-check of the calculator example: starts the server over stdio with the
 * generated typed client (src/generated/client.gen.ts, on the official MCP SDK
 * client), calls every tool and exits non-zero on any mismatch.
 *
 *   npx tsx --conditions=turbomcp-source examples/calculator/client.ts
 */
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { connectTransport, ToolResultError } from "./src/generated/client.gen.js";

const here = path.dirname(fileURLToPath(import.meta.url));
// `connectStdio` would do; the transport is built here so the check can watch the wire.
const transport = new StdioClientTransport({
  command: process.execPath,
  args: ["--import", "tsx", "--conditions=turbomcp-source", path.join(here, "src/generated/server.gen.ts"), "--transport", "stdio"],
  cwd: path.join(here, "../.."),
  stderr: "inherit",
});
const client = await connectTransport(transport, { name: "calculator-check" });
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
  const { tools } = await client.sdk.listTools();
  assert.deepEqual(
    tools.map((tool) => tool.name),
    ["add", "divide", "sum"],
  );

  // No output schema: the CallToolResult.
  const added = await client.tools.add({ a: 2, b: 3 });
  assert.deepEqual(added.content, [{ type: "text", text: "5" }]);

  // An output schema: the typed structured content.
  assert.deepEqual(await client.tools.divide({ a: 17, b: 5 }), { quotient: 3, remainder: 2 });

  // An isError result is thrown as ToolResultError.
  await assert.rejects(client.tools.divide({ a: 1, b: 0 }), (error: unknown) => {
    assert.ok(error instanceof ToolResultError);
    assert.deepEqual(error.result.content, [{ type: "text", text: "cannot divide by zero" }]);
    return true;
  });

  // Arguments the types forbid, through the SDK client underneath.
  const invalid = await client.sdk.callTool({ name: "add", arguments: { a: "two", b: 3 } });
  assert.equal(invalid.isError, true);

  const values = Array.from({ length: 3000 }, (_, index) => index + 1);
  const progress: number[] = [];
  const summed = await client.tools.sum({ values }, { onprogress: (update) => progress.push(update.progress) });
  assert.deepEqual(summed, { total: 4_501_500, count: 3000 });
  assert.deepEqual(sentProgress, [1000, 2000, 3000], "the server reports progress every 1,000 values, in order");
  assert.deepEqual(progress, sentProgress.slice(0, progress.length));
  console.log("calculator example: all checks passed");
} finally {
  await client.close();
}
