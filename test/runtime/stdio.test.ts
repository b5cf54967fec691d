import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createServer, runStdio, type ServerLogger } from "../../packages/runtime/src/index.js";
import { routes } from "../fixtures/runtime/routes.js";

function harness() {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const warnings: string[] = [];
  const logger: ServerLogger = { error: (message) => warnings.push(message), warn: (message) => warnings.push(message) };
  const done = runStdio(createServer(routes, { logger }), { input, output, logger });
  const line = (message: object | string) => input.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
  const replies = () =>
    text
      .split("\n")
      .filter(Boolean)
      .map((part) => JSON.parse(part) as Record<string, unknown>);
  return { input, done, line, replies, warnings };
}

const initialize = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};

describe("stdio transport", () => {
  it("answers a malformed line with -32700 and keeps serving", async () => {
    const io = harness();
    io.line(initialize);
    io.line("{this is not json");
    io.line("");
    io.line({ jsonrpc: "2.0", id: 1, method: "ping" });
    io.input.end();
    await io.done;
    const replies = io.replies();
    expect(replies.find((reply) => !("id" in reply))).toMatchObject({ error: { code: -32700 } });
    expect(replies.find((reply) => reply.id === 1)).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    expect(replies).toHaveLength(3);
  });

  it("finishes requests in flight after stdin ends, with their notifications", async () => {
    const io = harness();
    io.line(initialize);
    io.line({ jsonrpc: "2.0", id: "slow", method: "tools/call", params: { name: "echo", arguments: { text: "bye", steps: 3 }, _meta: { progressToken: 1 } } });
    io.input.end();
    await io.done;
    const replies = io.replies();
    expect(replies.find((reply) => reply.id === "slow")).toMatchObject({ result: { content: [{ type: "text", text: "echo: bye" }] } });
    expect(replies.filter((reply) => reply.method === "notifications/progress")).toHaveLength(3);
  });

  it("rejects server→client requests once stdin has ended instead of waiting forever", async () => {
    const io = harness();
    io.line({ ...initialize, params: { ...initialize.params, capabilities: { sampling: {} } } });
    io.line({ jsonrpc: "2.0", id: "ask", method: "tools/call", params: { name: "ask_model", arguments: {} } });
    io.input.end();
    await io.done;
    expect(io.replies().find((reply) => reply.id === "ask")).toMatchObject({
      result: { isError: true, content: [{ text: expect.stringMatching(/client closed the connection/) }] },
    });
  });
});
