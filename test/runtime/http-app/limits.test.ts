/**
 * Request limits on the lean path: the key-count limit on JSON bodies (iterative,
 * only walked for bodies large enough to break it), beside the body size, media
 * type and method checks, all answered with JSON-RPC error bodies.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_JSON_KEYS } from "../../../packages/runtime/src/entries/http.js";
import { parseMessage } from "../../../packages/runtime/src/index.js";
import { hasMoreKeysThan, limitJsonKeys } from "../../../packages/runtime/src/transports/http/json-keys.js";
import { json, startApp, statelessCall, STATELESS_META } from "./kit.js";

/** `count` keys spread over nested objects and arrays, the way a crafted body would hide them. */
function keys(count: number): Record<string, unknown> {
  const flat = Object.fromEntries(Array.from({ length: Math.ceil(count / 2) }, (_, index) => [`k${index}`, index]));
  const nested = Array.from({ length: Math.floor(count / 2) }, (_, index) => ({ [`n${index}`]: null }));
  return { flat, nested };
}

describe("hasMoreKeysThan", () => {
  it.each([
    { name: "a scalar", value: 42, limit: 0, more: false },
    { name: "an empty object", value: {}, limit: 0, more: false },
    { name: "one key over a limit of 0", value: { a: 1 }, limit: 0, more: true },
    { name: "keys inside arrays count", value: [{ a: 1 }, { b: 2 }, [{ c: 3 }]], limit: 2, more: true },
    { name: "array elements are not keys", value: [1, 2, 3, 4, 5], limit: 2, more: false },
    { name: "nested keys count", value: { a: { b: { c: {} } } }, limit: 3, more: false },
    { name: "nested keys over the limit", value: { a: { b: { c: { d: 1 } } } }, limit: 3, more: true },
  ])("$name", ({ value, limit, more }) => {
    expect(hasMoreKeysThan(value, limit)).toBe(more);
  });

  it("walks a 100,000-level nest without recursion", () => {
    let deep: unknown = {};
    for (let level = 0; level < 100_000; level++) deep = { d: deep };
    expect(hasMoreKeysThan(deep, 99_999)).toBe(true);
    expect(hasMoreKeysThan(deep, 100_000)).toBe(false);
  });
});

describe("limitJsonKeys", () => {
  it("refuses a request with its id, and leaves notifications unanswered", () => {
    const request = JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/call", params: keys(20) });
    const refused = limitJsonKeys(parseMessage(request), request.length, 10);
    expect(refused).toMatchObject({ kind: "invalid", reply: { id: 9, error: { code: -32600 } } });
    const notification = JSON.stringify({ jsonrpc: "2.0", method: "notifications/x", params: keys(20) });
    expect(limitJsonKeys(parseMessage(notification), notification.length, 10)).toMatchObject({ kind: "invalid", reply: null });
  });

  it("does not walk a body too small to hold that many keys", () => {
    const small = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: keys(20) });
    const parsed = parseMessage(small);
    expect(limitJsonKeys(parsed, small.length, 10_000)).toBe(parsed);
  });
});

describe("limits on the MCP endpoint", () => {
  const bodyWith = (count: number) =>
    JSON.stringify({
      jsonrpc: "2.0",
      id: 5,
      method: "tools/call",
      params: { name: "add", arguments: { a: 1, b: 2 }, _meta: STATELESS_META, extra: keys(count) },
    });

  it(`refuses a body holding more than ${DEFAULT_MAX_JSON_KEYS} keys with -32600 (400), echoing the id`, async () => {
    const { request } = await startApp();
    const { headers } = statelessCall("add");
    // params, name, arguments, a, b, _meta (2 + clientCapabilities), extra, flat, nested: 11 keys around the filler.
    const over = await request({ headers, body: bodyWith(DEFAULT_MAX_JSON_KEYS) });
    expect(over.status).toBe(400);
    expect(json(over)).toMatchObject({ jsonrpc: "2.0", id: 5, error: { code: -32600, message: expect.stringContaining("keys") } });
    const within = await request({ headers, body: bodyWith(DEFAULT_MAX_JSON_KEYS - 20) });
    expect(within.status).not.toBe(400);
  });

  it("applies the key limit on the legacy session era too", async () => {
    const { request } = await startApp();
    const legacy = await request({
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": "any" },
      body: bodyWith(DEFAULT_MAX_JSON_KEYS),
    });
    // The body is refused before the session is looked up.
    expect(legacy.status).toBe(400);
    expect(json(legacy)).toMatchObject({ id: 5, error: { code: -32600 } });
  });

  it("keeps the body size, media type and Accept checks, as JSON", async () => {
    const { request } = await startApp({ maxBodyBytes: 1024 });
    const call = statelessCall("add", { a: 1, b: 2 });
    const big = await request({ headers: call.headers, body: JSON.stringify({ pad: "x".repeat(2048) }) });
    expect(big.status).toBe(413);
    expect(json(big)).toMatchObject({ error: { code: -32007 } });
    const text = await request({ headers: { ...call.headers, "content-type": "text/plain" }, body: call.body });
    expect(text.status).toBe(415);
    const accept = await request({ headers: { ...call.headers, accept: "text/html" }, body: call.body });
    expect(accept.status).toBe(406);
  });
});
