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
