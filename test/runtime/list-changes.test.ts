/**
 * Replacing the routing table at run time (`replaceRoutes`, issue 17), in process:
 * what the capabilities declare, the list_changed notifications legacy connections and
 * 2026-07-28 listen streams get (only for the lists that changed, only when asked), a
 * request in progress finishing on its own table, and the tables that are refused
 * while the current one keeps serving.
 */
import { describe, expect, it } from "vitest";
import { defineRoutes, promptRoute, selectRoutes, toolRoute, type MiddlewareFactory, type RouteTable } from "../../packages/runtime/src/index.js";
import { compile } from "../fixtures/runtime/validators.js";
import { memoryClient } from "./helpers/memory-client.js";

const open = { scopes: [] };
const anyInput = { type: "object" } as const;

function tool(name: string, handler: () => string | Promise<string>, description?: string) {
  return toolRoute<object, string>({
    definition: { name, inputSchema: anyInput, ...(description !== undefined && { description }) },
    validateInput: compile(anyInput),
    handler,
    policy: open,
  });
}

function table(tools: ReturnType<typeof tool>[], extra: { prompts?: boolean; auth?: boolean } = {}): RouteTable {
  return defineRoutes({
    server: { name: "changing", version: "1.0.0" },
    tools,
    ...(extra.prompts === true && {
      prompts: [promptRoute<object>({ definition: { name: "hello" }, validateArguments: compile({ type: "object" }), handler: () => "hello", policy: open })],
    }),
    ...(extra.auth === true && { auth: { schemes: [{ type: "apiKey", header: "x-api-key", keysEnv: "KEYS" }], required: false, hideUnauthorized: false } }),
  });
}

const first = () => table([tool("alpha", () => "alpha 1")]);

describe("replaceRoutes", () => {
  it("is refused on a server that told its clients the lists never change", () => {
    const client = memoryClient(first());
    expect(() => client.server.replaceRoutes(first())).toThrow(/needs createServer\(routes, \{ listChanged: true \}\)/);
  });

  it("declares every family with listChanged: true, and says only which lists changed", async () => {
    const client = memoryClient(first(), { listChanged: true });
    const init = await client.initialize();
    expect(init.result?.capabilities).toMatchObject({
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
    });
    // A new handler behind the same definitions changes no list.
    expect(client.server.replaceRoutes(table([tool("alpha", () => "alpha 2")]))).toEqual({ tools: false, resources: false, prompts: false });
    expect(client.notifications("notifications/tools/list_changed")).toHaveLength(0);
    expect(await client.request("tools/call", { name: "alpha", arguments: {} })).toMatchObject({ result: { content: [{ text: "alpha 2" }] } });

    const changes = client.server.replaceRoutes(table([tool("alpha", () => "alpha 3"), tool("beta", () => "beta")], { prompts: true }));
    expect(changes).toEqual({ tools: true, resources: false, prompts: true });
    expect(client.notifications("notifications/tools/list_changed")).toHaveLength(1);
    expect(client.notifications("notifications/prompts/list_changed")).toHaveLength(1);
    expect(client.notifications("notifications/resources/list_changed")).toHaveLength(0);
    const list = await client.request("tools/list");
    expect((list.result?.tools as { name: string }[]).map((entry) => entry.name)).toEqual(["alpha", "beta"]);
    expect(await client.request("prompts/get", { name: "hello" })).toMatchObject({ result: { messages: [{ content: { text: "hello" } }] } });
    // A changed description is a changed list.
    expect(client.server.replaceRoutes(table([tool("alpha", () => "a", "now described"), tool("beta", () => "b")], { prompts: true })).tools).toBe(true);
  });

  it("takes a table selectRoutes made from the current one: only the tools it dropped change", async () => {
    const full = table([tool("alpha", () => "a"), tool("beta", () => "b")], { prompts: true });
    const client = memoryClient(full, { listChanged: true });
    await client.initialize();
    const selected = selectRoutes(full, { tools: (route) => route.definition.name !== "beta" });
    expect([...selected.tools.keys()]).toEqual(["alpha"]);
    expect([...selected.prompts.keys()]).toEqual(["hello"]);
    expect(client.server.replaceRoutes(selected)).toEqual({ tools: true, resources: false, prompts: false });
    expect(client.server.replaceRoutes(selectRoutes(selected, {}))).toEqual({ tools: false, resources: false, prompts: false });
  });

  it("tells no connection before its initialize", async () => {
    const client = memoryClient(first(), { listChanged: true });
    await client.request("ping");
    client.server.replaceRoutes(table([tool("beta", () => "beta")]));
    expect(client.notifications("notifications/tools/list_changed")).toHaveLength(0);
  });

  it("lets a request in progress finish on the table it began with", async () => {
    let release: (() => void) | undefined;
    const slow = tool("slow", () => new Promise<string>((resolve) => (release = () => resolve("old table"))));
    const client = memoryClient(table([slow]), { listChanged: true });
    await client.initialize();
    const pending = client.request("tools/call", { name: "slow", arguments: {} });
    await new Promise((resolve) => setTimeout(resolve, 10));
    client.server.replaceRoutes(table([tool("slow", () => "new table")]));
    release?.();
    expect(await pending).toMatchObject({ result: { content: [{ text: "old table" }] } });
    expect(await client.request("tools/call", { name: "slow", arguments: {} })).toMatchObject({ result: { content: [{ text: "new table" }] } });
  });

  it("sends a 2026-07-28 stream the list changes it asked for, tagged with its subscription, and acknowledges only those", async () => {
    const client = memoryClient(first(), { listChanged: true });
    const listening = client.stateless("subscriptions/listen", { notifications: { toolsListChanged: true, resourcesListChanged: false } }, {}, "listen-1");
    await new Promise((resolve) => setTimeout(resolve, 10));
    const acknowledged = client.notifications("notifications/subscriptions/acknowledged");
    expect(acknowledged[0]).toMatchObject({ params: { notifications: { toolsListChanged: true } } });
    expect((acknowledged[0] as unknown as { params: { notifications: object } }).params.notifications).not.toHaveProperty("resourcesListChanged");
    client.server.replaceRoutes(table([tool("beta", () => "beta")], { prompts: true }));
    expect(client.notifications("notifications/tools/list_changed")).toEqual([
      { jsonrpc: "2.0", method: "notifications/tools/list_changed", params: { _meta: { "io.modelcontextprotocol/subscriptionId": "listen-1" } } },
    ]);
    expect(client.notifications("notifications/prompts/list_changed")).toHaveLength(0);
    client.server.close();
    await listening;
  });

  it("acknowledges no list changes on a server whose table is fixed", async () => {
    const client = memoryClient(first());
    const listening = client.stateless("subscriptions/listen", { notifications: { toolsListChanged: true } }, {}, "listen-2");
    await new Promise((resolve) => setTimeout(resolve, 10));
    const acknowledged = client.notifications("notifications/subscriptions/acknowledged")[0] as unknown as { params: { notifications: object } };
    expect(acknowledged.params.notifications).toEqual({});
    client.server.close();
    await listening;
  });

  it("refuses a table that changes more than the entries, or whose middleware cannot be set up, and keeps serving the current one", async () => {
    const client = memoryClient(first(), { listChanged: true });
    await client.initialize();
    expect(() => client.server.replaceRoutes(table([tool("alpha", () => "x")], { auth: true }))).toThrow(
      /changes the entries only: auth changed, which needs a restart/,
    );
    const broken: MiddlewareFactory = {
      setup: () => {
        throw new TypeError("cannot set up");
      },
    };
    const withBroken = defineRoutes({
      server: { name: "changing", version: "1.0.0" },
      tools: [
        toolRoute<object, string>({
          definition: { name: "alpha", inputSchema: anyInput },
          validateInput: compile(anyInput),
          handler: () => "x",
          policy: open,
          middleware: [broken],
        }),
      ],
    });
    expect(() => client.server.replaceRoutes(withBroken)).toThrow(/cannot set up/);
    expect(await client.request("tools/call", { name: "alpha", arguments: {} })).toMatchObject({ result: { content: [{ text: "alpha 1" }] } });
    expect(client.notifications("notifications/tools/list_changed")).toHaveLength(0);
  });
});
