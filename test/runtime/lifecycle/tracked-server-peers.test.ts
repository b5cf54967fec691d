/**
 * Regression: the tracked server (what `listenHttp`, and so `runMain`, hands the
 * transports) passed the transport's own peer to the server for every method but
 * `handle`, `negotiatedVersion` and `disconnect`, while the server knows each peer by
 * its stand-in. Behind a balancer with Redis, `sessionState()` was then always
 * undefined, so `initialize` never wrote the session to the store and the client's
 * next request, on another instance, got 404 "Session not found".
 */
import { describe, expect, it } from "vitest";
import { createServer, parseMessage, type JsonRpcMessage, type Peer } from "../../../packages/runtime/src/index.js";
import { trackServer } from "../../../packages/runtime/src/lifecycle/tracked-server.js";
import { routes } from "../../fixtures/runtime/routes.js";

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: { elicitation: {} }, clientInfo: { name: "t", version: "1" } },
});

function recordingPeer(delivers?: boolean): { peer: Peer; sent: JsonRpcMessage[] } {
  const sent: JsonRpcMessage[] = [];
  return { sent, peer: { send: (message) => void sent.push(message as JsonRpcMessage), ...(delivers !== undefined && { delivers }) } };
}

describe("trackServer passes the same stand-in for a peer to every method that names one", () => {
  it("sessionState after initialize: what a shared session writes to the store", async () => {
    const { server } = trackServer(createServer(routes));
    const { peer } = recordingPeer();
    await server.handle(parseMessage(INITIALIZE), peer);
    expect(server.sessionState(peer)).toMatchObject({ protocolVersion: "2025-11-25", clientCapabilities: { elicitation: {} } });
  });

  it("restoreSession: a session initialized on another instance is served here", async () => {
    const { server, peers } = trackServer(createServer(routes));
    const { peer, sent } = recordingPeer();
    server.restoreSession(peer, { protocolVersion: "2025-11-25", clientCapabilities: {}, logLevel: undefined });
    expect(peers.has(peer)).toBe(true);
    expect(server.negotiatedVersion(peer)).toBe("2025-11-25");
    await server.handle(parseMessage('{"jsonrpc":"2.0","id":2,"method":"tools/list"}'), peer);
    expect(sent[0]).toHaveProperty("result.tools");
  });

  it("settle: an answer that reached this instance outside handle() settles the server's request", async () => {
    const { server } = trackServer(createServer(routes));
    const { peer, sent } = recordingPeer();
    await server.handle(parseMessage(INITIALIZE), peer);
    const call = server.handle(parseMessage('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"ask_user","arguments":{}}}'), peer);
    await expect.poll(() => sent.find((message) => "method" in message && message.method === "elicitation/create")).toBeDefined();
    const ask = sent.find((message) => "method" in message && message.method === "elicitation/create");
    const id = ask !== undefined && "id" in ask ? ask.id : undefined;
    expect(id).toBeDefined();
    expect(server.settle(peer, { jsonrpc: "2.0", id: id ?? 0, result: { action: "accept", content: { name: "Ada" } } })).toBe(true);
    await call;
    expect(JSON.stringify(sent.at(-1))).toContain("Ada");
  });

  it("openSessionless: the peer then handled is the one that keeps no session", async () => {
    const { server } = trackServer(createServer(routes));
    const { peer, sent } = recordingPeer();
    server.openSessionless(peer, "2025-11-25");
    await server.handle(parseMessage('{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"ask_user","arguments":{}}}'), peer);
    // Sessionless: no client could answer, so the ask is refused rather than sent.
    expect(sent.some((message) => "method" in message && message.method === "elicitation/create")).toBe(false);
    expect(JSON.stringify(sent.at(-1))).toContain("-32021");
  });

  it("the stand-in reports the transport's `delivers`: a shared session's GET stream held elsewhere", async () => {
    const server = createServer(routes);
    const { server: tracked } = trackServer(server);
    const elsewhere = recordingPeer(false);
    const here = recordingPeer();
    for (const { peer } of [elsewhere, here]) {
      await tracked.handle(parseMessage(INITIALIZE), peer);
      await tracked.handle(parseMessage('{"jsonrpc":"2.0","id":5,"method":"resources/subscribe","params":{"uri":"docs://readme"}}'), peer);
    }
    // Only the subscriber whose stream this instance holds is told.
    expect(tracked.notifyResourceUpdated("docs://readme")).toBe(1);
    expect(elsewhere.sent.some((message) => "method" in message && message.method === "notifications/resources/updated")).toBe(false);
    expect(here.sent.some((message) => "method" in message && message.method === "notifications/resources/updated")).toBe(true);
  });
});
