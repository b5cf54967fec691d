/**
 * The tasks extension's tools (greet, slow_compute, confirm_delete, failing_job,
 * protocol_error_job). Over this 2025-11-25 session they answer directly, like any
 * tool: the extension exists on 2026-07-28 only. The same handlers run as tasks for a
 * 2026-07-28 request that declares io.modelcontextprotocol/tasks, which is checked
 * at the end by sending such requests down the same pipe (stdio serves both eras).
 * `client` is the typed client; confirm_delete asks for a confirmation, so it runs on
 * `asker`, the SDK client that declared elicitation (see client.ts for why).
 */
import assert from "node:assert/strict";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { clientKit, errorCode, errorResult, onlyText } from "./client-kit.js";
import type { TypedClient } from "./src/generated/client.gen.js";

const TASKS = "io.modelcontextprotocol/tasks";
const META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": { extensions: { [TASKS]: {} } },
};

export async function checkTaskTools(client: TypedClient, asker: Client): Promise<void> {
  const { call, answerElicitation } = clientKit(asker);
  assert.equal(onlyText(await client.tools.greet({ name: "World" })), "Hello, World!");
  assert.equal(onlyText(await client.tools.slow_compute({ seconds: 0, label: "now" })), "Computed now in 0 s");
  answerElicitation({ confirm: true });
  assert.equal(onlyText(await call("confirm_delete", { filename: "notes.txt" })), "Deleted notes.txt");
  // taskSupport "required" means "never without a task" only where tasks exist.
  assert.equal((await errorResult(client.tools.failing_job())).isError, true);
  assert.equal(await errorCode(() => client.tools.protocol_error_job()), -32603);

  // 2026-07-28 with the extension: a task, polled to its result. Raw requests (the
  // 2026-07-28 `_meta` and the tasks methods are beyond the typed client), on the SDK client.
  const stateless = (method: string, params: Record<string, unknown>) =>
    client.sdk.request({ method, params: { ...params, _meta: META } }, ResultSchema.passthrough());
  const created = await stateless("tools/call", { name: "slow_compute", arguments: { seconds: 0.3, label: "task" } });
  assert.equal(created.resultType, "task");
  assert.equal(typeof created.taskId, "string");
  let task = await stateless("tasks/get", { taskId: created.taskId });
  for (let polls = 0; task.status === "working" && polls < 100; polls++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    task = await stateless("tasks/get", { taskId: created.taskId });
  }
  assert.equal(task.status, "completed");
  assert.deepEqual((task.result as { content: unknown }).content, [{ type: "text", text: "Computed task in 0.3 s" }]);
  assert.equal((await stateless("tasks/cancel", { taskId: created.taskId })).resultType, "complete");
}
