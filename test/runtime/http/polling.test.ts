/**
 * `ctx.closeStream()` (SEP-1699 polling): a handler closes the connection carrying its
 * response, the stream goes on, and the client resumes it with `Last-Event-ID` after
 * the `retry` the server sent, getting the rest and the result. The official SDK v1
 * client does that by itself; where the transport cannot, closeStream() says so.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { listenHttp, type HttpListener, type ListenHttpOptions } from "../../../packages/runtime/src/entries/http.js";
import { defineRoutes, toolRoute } from "../../../packages/runtime/src/index.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { POST_HEADERS, openSession } from "./harness.js";

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;
const closed: boolean[] = [];

const routes = defineRoutes({
  server: { name: "polling", version: "1.0.0" },
  tools: [
    toolRoute<object, string>({
      definition: { name: "poll_later", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: async (_input, ctx) => {
        ctx.log("info", "before");
        closed.push(ctx.closeStream(50));
        ctx.log("info", "while away");
        await sleep(150);
        ctx.log("info", "after");
        return "done";
      },
      policy: { scopes: [] },
    }),
  ],
});

const listeners: HttpListener[] = [];
afterEach(async () => {
  for (const listener of listeners.splice(0)) await listener.close();
  closed.length = 0;
});

async function serve(options: ListenHttpOptions = {}): Promise<string> {
  const listener = await listenHttp(routes, { port: 0, logger: { error: () => {}, warn: () => {} }, ...options });
  listeners.push(listener);
  return listener.url;
}

describe("ctx.closeStream()", () => {
  it("closes the response's connection with a retry; the SDK v1 client resumes and gets every message and the result", async () => {
    const url = await serve();
    const client = new Client({ name: "poller", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params.data));
    const result = await client.callTool({ name: "poll_later", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
    expect(closed).toEqual([true]);
    expect(logs).toEqual(["before", "while away", "after"]);
    await client.close();
  });

  it("sends the priming event and the retry, then ends the connection before the result", async () => {
    const url = await serve();
    const session = await openSession(url);
    const response = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": session },
      body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "poll_later", arguments: {} } }),
    });
    const text = await response.text();
    expect(text).toMatch(/^id: (p[0-9a-f]{12})_0\ndata: \n\nid: \1_1\nevent: message\ndata: .*"before".*\n\nretry: 50\n\n$/);
    const last = /^id: (\S+)$/m.exec(text.split("\n\n")[1]!)![1]!;
    const resumed = await fetch(url, { headers: { accept: "text/event-stream", "mcp-session-id": session, "last-event-id": last } });
    const rest = await resumed.text();
    expect(rest).toContain('"while away"');
    expect(rest).toContain('"after"');
    expect(rest).toContain('"text":"done"');
  });

  it("answers false, and the request goes on as before, without resumable streams", async () => {
    const url = await serve({ eventStore: false });
    const client = new Client({ name: "poller", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    expect((await client.callTool({ name: "poll_later", arguments: {} })).content).toEqual([{ type: "text", text: "done" }]);
    expect(closed).toEqual([false]);
    await client.close();
  });
});
