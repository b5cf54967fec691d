/**
 * What a legacy SSE POST carries over the cluster bus: the caller's principal and
 * tenant as the receiving instance established them, nothing that would let the bus
 * raise a caller's privileges (`local`, another session's id), and nothing the holder
 * could misread (malformed messages are dropped, so the POST gets its 404).
 */
import { describe, expect, it } from "vitest";
import { encodePost, parseAnswer, parsePost } from "../../../packages/runtime/src/transports/http/legacy-sse/relay-messages.js";
import type { Caller, ParsedMessage } from "../../../packages/runtime/src/index.js";

const message: ParsedMessage = {
  kind: "request",
  message: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { a: 1, b: 2 } } },
};
const alice: Caller = {
  principal: { subject: "alice", scopes: ["notes:read"], scheme: "jwt", issuer: "https://issuer.example", claims: { sub: "alice", email: "a@example.com" } },
  tenant: { id: "acme", policy: { deniedTools: ["add"], rateLimit: { limit: 10, windowMs: 1000 } } },
};

describe("legacy SSE relay messages", () => {
  it("carries the principal, the tenant and the message unchanged", () => {
    expect(parsePost(encodePost("instance-a", "ref-1", alice, message))).toEqual({ from: "instance-a", ref: "ref-1", caller: alice, message });
  });

  it("never carries the stdio caller's exemption from scopes, nor a session id", () => {
    const claimed: Caller = { ...alice, local: true, sessionId: "someone-elses" };
    const wire: unknown = JSON.parse(encodePost("instance-a", "ref-1", claimed, message));
    expect(wire).toMatchObject({ caller: { principal: { subject: "alice" } } });
    expect(parsePost(encodePost("instance-a", "ref-1", claimed, message))?.caller).toEqual(alice);
    // Nor does the holder take one a forged message adds.
    const forged = JSON.stringify({ from: "x", ref: "r", caller: { ...alice, local: true, sessionId: "s" }, message });
    expect(parsePost(forged)?.caller).toEqual(alice);
  });

  it("carries an anonymous caller as anonymous", () => {
    expect(parsePost(encodePost("instance-a", "ref-1", {}, message))?.caller).toEqual({});
  });

  it.each([
    ["not JSON", "{"],
    ["no ref", JSON.stringify({ from: "x", caller: {}, message })],
    ["an unknown message kind", JSON.stringify({ from: "x", ref: "r", caller: {}, message: { kind: "other" } })],
    ["scopes that are not strings", JSON.stringify({ from: "x", ref: "r", caller: { principal: { ...alice.principal, scopes: [1] } }, message })],
    [
      "a tenant policy with a malformed list",
      JSON.stringify({ from: "x", ref: "r", caller: { tenant: { id: "t", policy: { allowedTools: "add" } } }, message }),
    ],
    ["a principal without claims", JSON.stringify({ from: "x", ref: "r", caller: { principal: { subject: "s", scopes: [], scheme: "jwt" } }, message })],
  ])("drops a post with %s", (_, text) => {
    expect(parsePost(text)).toBeUndefined();
  });

  it("reads the holder's answers, and drops malformed ones", () => {
    expect(parseAnswer(JSON.stringify({ ref: "r", taken: true }))).toEqual({ ref: "r", taken: true });
    expect(parseAnswer(JSON.stringify({ ref: "r", taken: false, refusal: "Session not found" }))).toEqual({
      ref: "r",
      taken: false,
      refusal: "Session not found",
    });
    expect(parseAnswer(JSON.stringify({ ref: "r", taken: false }))).toBeUndefined();
    expect(parseAnswer(JSON.stringify({ taken: true }))).toBeUndefined();
  });
});
