/** The pieces transports drain with: the in-flight counter, the tracked server, the -32008 refusal. */
import { describe, expect, it } from "vitest";
import { createServer, parseMessage, type JsonRpcMessage, type Peer } from "../../../packages/runtime/src/index.js";
import { InFlight } from "../../../packages/runtime/src/lifecycle/in-flight.js";
import { refusalWhileDraining } from "../../../packages/runtime/src/lifecycle/refusal.js";
import { trackServer } from "../../../packages/runtime/src/lifecycle/tracked-server.js";
import { routes } from "../../fixtures/runtime/routes.js";

describe("refusalWhileDraining", () => {
  const SHUTTING_DOWN = { code: -32008, message: "Server is shutting down: retry on another instance" };
  it.each([
    ["a request", '{"jsonrpc":"2.0","id":7,"method":"tools/list"}', { jsonrpc: "2.0", id: 7, error: SHUTTING_DOWN }],
    ["a notification", '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}', undefined],
    ["a response (an elicitation answer)", '{"jsonrpc":"2.0","id":"s-1","result":{"action":"accept"}}', undefined],
    ["a malformed message", "{", undefined],
    [
      "a batch with requests",
      '[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]',
      [{ jsonrpc: "2.0", id: 1, error: SHUTTING_DOWN }],
    ],
    ["a batch of notifications", '[{"jsonrpc":"2.0","method":"notifications/initialized"}]', undefined],
  ])("%s", (_name, text, refusal) => {
    expect(refusalWhileDraining(parseMessage(text))).toEqual(refusal);
  });
});

describe("InFlight", () => {
  it("resolves idle() once every tracked promise settled, rejected ones included", async () => {
    const inFlight = new InFlight();
    await inFlight.idle();
    let resolve: () => void = () => {};
    let reject: (error: Error) => void = () => {};
    void inFlight.track(new Promise<void>((done) => (resolve = done)));
    inFlight.track(new Promise<void>((_, fail) => (reject = fail))).catch(() => {});
    expect(inFlight.size).toBe(2);
    let idle = false;
    const waiting = inFlight.idle().then(() => (idle = true));
    resolve();
    await Promise.resolve();
    expect(idle).toBe(false);
    reject(new Error("failed"));
    await waiting;
    expect(inFlight.size).toBe(0);
  });
});

describe("trackServer", () => {
  it("counts the messages being handled and knows the peers it holds connections for", async () => {
    const tracked = trackServer(createServer(routes));
    const sent: JsonRpcMessage[] = [];
    const peer: Peer = { send: (message) => void sent.push(message as JsonRpcMessage) };
    const handling = tracked.server.handle(parseMessage('{"jsonrpc":"2.0","id":1,"method":"ping"}'), peer);
    expect(tracked.inFlight.size).toBe(1);
    expect(tracked.peers.has(peer)).toBe(true);
    await handling;
    await tracked.inFlight.idle();
    expect(sent).toEqual([{ jsonrpc: "2.0", id: 1, result: {} }]);
    tracked.server.disconnect(peer);
    expect(tracked.peers.size).toBe(0);
  });
});

describe("trackServer failServerRequests", () => {
  const request = (id: number, method: string, params: Record<string, unknown> = {}) => parseMessage(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
  const initialize = request(0, "initialize", { protocolVersion: "2025-11-25", capabilities: { elicitation: {} }, clientInfo: { name: "t", version: "1" } });

  it("fails the elicitations waiting for an answer and every later one, and keeps the session serving", async () => {
    const tracked = trackServer(createServer(routes));
    const sent: { message: JsonRpcMessage; related: unknown }[] = [];
    const peer: Peer = { send: (message, related) => void sent.push({ message: message as JsonRpcMessage, related }) };
    await tracked.server.handle(initialize, peer);
    await tracked.server.handle(parseMessage('{"jsonrpc":"2.0","method":"notifications/initialized"}'), peer);

    const asking = tracked.server.handle(request(1, "tools/call", { name: "ask_user", arguments: {} }), peer);
    await new Promise((resolve) => setImmediate(resolve));
    const question = sent.find((entry) => (entry.message as { method?: string }).method === "elicitation/create");
    expect(question?.related).toBe(1);
    const questionId = (question?.message as { id: string }).id;

    tracked.failServerRequests("shutting down");
    await asking;
    // The client is told the question is withdrawn, on the stream of the request that asked it.
    expect(sent).toContainEqual({
      message: { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: questionId, reason: "shutting down" } },
      related: 1,
    });
    const reply = sent.find((entry) => (entry.message as { id?: unknown }).id === 1)?.message;
    expect(JSON.stringify(reply)).toContain("-32008");

    // The session is not ended: it still serves, and a new question fails at once without reaching the client.
    const before = sent.length;
    await tracked.server.handle(request(2, "tools/list"), peer);
    expect(sent.slice(before)).toMatchObject([{ message: { id: 2, result: { tools: expect.any(Array) } } }]);
    await tracked.server.handle(request(3, "tools/call", { name: "ask_user", arguments: {} }), peer);
    expect(sent.slice(before + 1).map((entry) => (entry.message as { method?: string }).method)).toEqual([undefined]);
    expect(JSON.stringify(sent.at(-1)?.message)).toContain("-32008");
    expect(tracked.server.negotiatedVersion(peer)).toBe("2025-11-25");
  });
});
