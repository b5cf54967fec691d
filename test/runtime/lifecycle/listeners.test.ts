/**
 * `listenHttp(...).close({ drainTimeoutMs })` in process, for what the process tests
 * do not reach: a legacy HTTP+SSE message (answered 202, its reply due on the
 * stream) is still answered before the stream ends, and a session's pending
 * server→client request fails at once instead of holding the drain to its deadline.
 */
import { afterEach, describe, expect, it } from "vitest";
import { listenHttp, type HttpListener } from "../../../packages/runtime/src/entries/http.js";
import { type ServerLogger } from "../../../packages/runtime/src/index.js";
import { routes } from "../../fixtures/runtime/routes.js";
import { echoText, isReplyTo, type Message } from "./harness.js";
import { BASE_HEADERS, openLegacyStream, post } from "./http-client.js";

const listeners: HttpListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
});

const quiet: ServerLogger = { error: () => {}, warn: () => {} };

async function start(): Promise<HttpListener> {
  const listener = await listenHttp(routes, { port: 0, logger: quiet });
  listeners.push(listener);
  return listener;
}

const legacyPost = (url: string, body: Message) => post(url, { body, headers: { "content-type": "application/json" } }, false);

describe("listenHttp close({ drainTimeoutMs })", () => {
  it("answers a legacy HTTP+SSE message in flight on its stream before the stream ends", async () => {
    const listener = await start();
    const { messagesUrl, inbox } = await openLegacyStream(listener.legacySseUrl!);
    await legacyPost(messagesUrl, {
      jsonrpc: "2.0",
      id: "init",
      method: "initialize",
      params: { protocolVersion: "2024-11-05", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    await inbox.waitFor(isReplyTo("init"));
    await legacyPost(messagesUrl, { jsonrpc: "2.0", method: "notifications/initialized" });
    const accepted = await legacyPost(messagesUrl, {
      jsonrpc: "2.0",
      id: "slow",
      method: "tools/call",
      params: { name: "echo", arguments: { text: "slow", steps: 60 } },
    });
    expect(accepted.status).toBe(202);

    await listener.close({ drainTimeoutMs: 10_000 });
    expect(echoText(await inbox.waitFor(isReplyTo("slow")))).toBe("echo: slow");
    expect(inbox.closed).toBe(true);
  });

  it("fails a session's pending elicitation at once, so its request is answered without waiting for the deadline", async () => {
    const listener = await start();
    const initialize = {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: { elicitation: {} }, clientInfo: { name: "t", version: "1" } },
    };
    const opened = await post(listener.url, { body: initialize, headers: BASE_HEADERS }, false);
    const session = String(opened.headers["mcp-session-id"]);
    const headers = { ...BASE_HEADERS, "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" };
    await post(listener.url, { body: { jsonrpc: "2.0", method: "notifications/initialized" }, headers }, false);
    let asked: () => void = () => {};
    const elicitationSent = new Promise<void>((resolve) => (asked = resolve));
    const asking = post(
      listener.url,
      { body: { jsonrpc: "2.0", id: "ask", method: "tools/call", params: { name: "ask_user", arguments: {} } }, headers },
      false,
      asked,
    );
    await elicitationSent;

    const started = Date.now();
    await listener.close({ drainTimeoutMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const answered = await asking;
    expect(answered.body).toContain('"id":"ask"');
  });
});
