/**
 * `ctx.dependency()` in each kind of handler, through the transport-neutral core: prompts
 * and completions get it like tools; a cancelled request aborts its call; a tool that
 * became a task calls with the task's signal, so `tasks/cancel` reaches the upstream call
 * while the end of the creating request does not.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { defineRoutes, promptRoute, toolRoute, type JsonSchema, type RequestContext } from "../../../packages/runtime/src/index.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { memoryClient } from "../helpers/memory-client.js";

const TASKS = { extensions: { "io.modelcontextprotocol/tasks": {} } };
const open = { scopes: [] };
const noInput: JsonSchema = { type: "object", properties: {}, additionalProperties: false };

/** The signal the last hanging call was given. */
const seen: { signal?: AbortSignal | undefined } = {};

function hang(ctx: RequestContext): Promise<string> {
  return ctx.dependency("api").call(
    (signal) =>
      new Promise<string>((resolve) => {
        seen.signal = signal;
        signal.addEventListener("abort", () => resolve("stopped"), { once: true });
      }),
  );
}

const routes = defineRoutes({
  server: { name: "dependency-context", version: "1.0.0" },
  tools: [
    toolRoute<object, string>({
      definition: { name: "hang", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: (_input, ctx) => hang(ctx),
      policy: open,
    }),
    toolRoute<object, string>({
      definition: { name: "hang-task", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: (_input, ctx) => hang(ctx),
      policy: open,
      execution: { taskSupport: "required" },
    }),
  ],
  prompts: [
    promptRoute<{ topic?: string }>({
      definition: { name: "brief", arguments: [{ name: "topic" }] },
      validateArguments: compile({ type: "object", properties: { topic: { type: "string" } } }),
      handler: async (_args, ctx) => `Brief on ${await ctx.dependency("api").call(async () => "the upstream's news")}`,
      completion: {
        dynamic: ["topic"],
        handler: async (_argument, value, ctx) => ctx.dependency("api").call(async () => [`${value}-from-upstream`]),
      },
      policy: open,
    }),
  ],
  dependencies: { api: { timeoutMs: 60_000 } },
});

async function untilSeen(): Promise<AbortSignal> {
  for (let attempt = 0; attempt < 200 && seen.signal === undefined; attempt++) await sleep(5);
  if (seen.signal === undefined) throw new Error("the call never started");
  return seen.signal;
}

describe("ctx.dependency in every handler", () => {
  it("serves prompts and completions", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    const prompt = await client.request("prompts/get", { name: "brief", arguments: { topic: "x" } });
    expect(prompt.result).toMatchObject({ messages: [{ role: "user", content: { type: "text", text: "Brief on the upstream's news" } }] });
    const completion = await client.request("completion/complete", { ref: { type: "ref/prompt", name: "brief" }, argument: { name: "topic", value: "ab" } });
    expect(completion.result).toMatchObject({ completion: { values: ["ab-from-upstream"] } });
  });

  it("aborts the call's signal when the client cancels the request", async () => {
    seen.signal = undefined;
    const client = memoryClient(routes);
    await client.initialize();
    const pending = client.request("tools/call", { name: "hang", arguments: {} }, "hang-1").catch(() => undefined);
    const signal = await untilSeen();
    expect(signal.aborted).toBe(false);
    await client.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "hang-1" } });
    expect(signal.aborted).toBe(true);
    await pending;
  });

  it("follows the task's signal once the call is a task: tasks/cancel aborts it, the end of the creating request does not", async () => {
    seen.signal = undefined;
    const client = memoryClient(routes);
    const created = await client.stateless("tools/call", { name: "hang-task", arguments: {} }, { capabilities: TASKS });
    expect(created.result?.resultType).toBe("task");
    const signal = await untilSeen();
    expect(signal.aborted).toBe(false);
    await client.stateless("tasks/cancel", { taskId: created.result?.taskId }, { capabilities: TASKS });
    expect(signal.aborted).toBe(true);
  });
});
