/**
 * How resource and prompt handlers fail: JSON-RPC errors (these methods have no
 * `isError` result), with safe messages and the details on the server log only.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { McpError, defineRoutes, promptRoute, resourceRoute, type RouteTable } from "../../packages/runtime/src/index.js";
import { compile } from "../fixtures/runtime/validators.js";
import { memoryClient } from "./helpers/memory-client.js";

const noArgs = compile({ type: "object" });
const table: RouteTable = defineRoutes({
  server: { name: "failing", version: "0" },
  resources: [
    resourceRoute({
      definition: { uri: "x://slow", name: "slow" },
      handler: async (ctx) => await sleep(5_000, "late", { signal: ctx.signal }),
      policy: { scopes: [], timeoutMs: 20 },
    }),
    resourceRoute({
      definition: { uri: "x://bug", name: "bug" },
      handler: () => {
        throw new Error("secret path /etc/app.key");
      },
      policy: { scopes: [] },
    }),
    resourceRoute({
      definition: { uri: "x://gone", name: "gone" },
      handler: () => {
        throw new McpError("resource_not_found", "Resource not found", { uri: "x://gone" });
      },
      policy: { scopes: [] },
    }),
    resourceRoute({
      definition: { uri: "x://many", name: "many", mimeType: "text/plain" },
      handler: () => [{ text: "a" }, { uri: "x://many/2", blob: "AA==", mimeType: "application/octet-stream" }],
      policy: { scopes: [] },
    }),
  ],
  prompts: [
    promptRoute({
      definition: { name: "bug" },
      validateArguments: noArgs,
      handler: () => {
        throw new TypeError("cannot read x of undefined");
      },
      policy: { scopes: [] },
    }),
    promptRoute({
      definition: { name: "messages" },
      validateArguments: noArgs,
      handler: () => [{ role: "assistant", content: { type: "text", text: "hi" } }],
      policy: { scopes: [] },
    }),
  ],
});

describe("dispatcher: resource and prompt failures", () => {
  const cases: ReadonlyArray<readonly [string, string, object, number, string]> = [
    ["resource timeout", "resources/read", { uri: "x://slow" }, -32005, "timed out after 20 ms"],
    ["resource bug", "resources/read", { uri: "x://bug" }, -32603, "Internal error while reading resource x://bug"],
    ["resource handler's own McpError", "resources/read", { uri: "x://gone" }, -32002, "Resource not found"],
    ["prompt bug", "prompts/get", { name: "bug" }, -32603, "Internal error while getting prompt bug"],
  ];
  it.each(cases)("%s", async (_name, method, params, code, message) => {
    const client = memoryClient(table);
    await client.initialize();
    const reply = await client.request(method, params);
    expect(reply.error).toMatchObject({ code, message });
    expect(JSON.stringify(reply)).not.toMatch(/secret|undefined/);
  });

  it("logs bugs for the operator", async () => {
    const client = memoryClient(table);
    await client.initialize();
    await client.request("resources/read", { uri: "x://bug" });
    expect(String(client.errors[0]?.error)).toContain("secret path");
  });

  it("fills uri and mimeType of several contents only where missing", async () => {
    const client = memoryClient(table);
    await client.initialize();
    expect((await client.request("resources/read", { uri: "x://many" })).result).toEqual({
      contents: [
        { uri: "x://many", mimeType: "text/plain", text: "a" },
        { uri: "x://many/2", mimeType: "application/octet-stream", blob: "AA==" },
      ],
    });
  });

  it("passes prompt messages through", async () => {
    const client = memoryClient(table);
    await client.initialize();
    expect((await client.request("prompts/get", { name: "messages" })).result).toEqual({
      messages: [{ role: "assistant", content: { type: "text", text: "hi" } }],
    });
  });
});
