/**
 * Every message the server sends, on every supported protocol version, validates
 * against that version's schema from the MCP specification: results by the type of
 * the request they answer, notifications, server-to-client requests and errors.
 */
import { describe, expect, it } from "vitest";
import { SUPPORTED_PROTOCOL_VERSIONS } from "../../packages/runtime/src/index.js";
import { routes } from "../fixtures/runtime/routes.js";
import { specChecker } from "../helpers/spec-schemas.js";
import { memoryClient } from "./helpers/memory-client.js";

describe.each(SUPPORTED_PROTOCOL_VERSIONS)("messages on %s", (version) => {
  it("validate against the spec's schema", async () => {
    const client = memoryClient(routes);
    const methods = new Map<string | number, string>();
    const call = async (method: string, params?: object) => {
      const reply = await client.request(method, params);
      methods.set(reply.id, method);
      return reply;
    };
    // Answer the server's own requests the way a client that supports them would.
    client.onSend = (message) => {
      if (!("method" in message) || !("id" in message)) return;
      const results: Record<string, object> = {
        "sampling/createMessage": { role: "assistant", content: { type: "text", text: "4" }, model: "test-model" },
        "elicitation/create": { action: "accept", content: { name: "Ada" } },
        "roots/list": { roots: [{ uri: "file:///work", name: "work" }] },
      };
      const result = results[String(message.method)];
      if (result !== undefined) void client.send({ jsonrpc: "2.0", id: message.id, result });
    };
    const capabilities = version >= "2025-06-18" ? { sampling: {}, elicitation: {}, roots: {} } : { sampling: {}, roots: {} };
    const init = await client.request("initialize", { protocolVersion: version, capabilities, clientInfo: { name: "spec", version: "0" } });
    methods.set(init.id, "initialize");
    await client.send({ jsonrpc: "2.0", method: "notifications/initialized" });

    await call("ping");
    await call("logging/setLevel", { level: "debug" });
    await call("tools/list");
    await call("tools/call", { name: "add", arguments: { a: 1, b: 2 } });
    await call("tools/call", { name: "add", arguments: { a: "one" } });
    await call("tools/call", { name: "echo", arguments: { text: "hi" }, _meta: { progressToken: "p1" } });
    await call("tools/call", { name: "explode", arguments: {} });
    await call("tools/call", { name: "ask_model", arguments: {} });
    await call("tools/call", { name: "list_roots", arguments: {} });
    if (version >= "2025-06-18") await call("tools/call", { name: "ask_user", arguments: {} });
    await call("resources/list");
    await call("resources/templates/list");
    await call("resources/read", { uri: "docs://readme" });
    await call("resources/read", { uri: "notes://1" });
    await call("resources/read", { uri: "nowhere://x" });
    await call("prompts/list");
    await call("prompts/get", { name: "greet", arguments: { name: "Ada" } });
    await call("prompts/get", { name: "greet", arguments: {} });
    await call("completion/complete", { ref: { type: "ref/prompt", name: "greet" }, argument: { name: "style", value: "f" } });
    await call("no/such/method");

    const checker = specChecker(version);
    const problems = client.sent.flatMap((message) => {
      const id = "id" in message ? message.id : undefined;
      const answered = "method" in message || id === undefined || id === null ? undefined : methods.get(id);
      return checker.check(message, answered).map((problem) => `${JSON.stringify(message).slice(0, 160)}: ${problem}`);
    });
    expect(problems).toEqual([]);
    // The run must have exercised every kind of message, or the check proves little.
    expect(client.sent.some((message) => "error" in message)).toBe(true);
    expect(client.sent.some((message) => "method" in message && !("id" in message))).toBe(true);
    expect(client.sent.some((message) => "method" in message && "id" in message)).toBe(true);
  });
});

describe("the spec checker itself", () => {
  it("rejects malformed results, notifications and errors", () => {
    const checker = specChecker("2025-11-25");
    expect(checker.check({ jsonrpc: "2.0", id: 1, result: { tools: "none" } }, "tools/list")).not.toEqual([]);
    expect(checker.check({ jsonrpc: "2.0", method: "notifications/progress", params: { progress: 1 } })).not.toEqual([]);
    expect(checker.check({ jsonrpc: "2.0", id: 1, error: { code: "bad", message: 1 } })).not.toEqual([]);
    expect(checker.check({ jsonrpc: "2.0", id: 1, result: { tools: [] } }, "tools/list")).toEqual([]);
  });
});
