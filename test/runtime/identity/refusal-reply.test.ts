/**
 * Refusals travel as HTTP refusals on a session-era POST too: missing scopes are 403
 * with the RFC 6750 `insufficient_scope` challenge naming the scopes (so a client can
 * step up its authorization), a rate limit is 429 with `Retry-After`; any other
 * JSON-RPC error keeps the 200 that clients of that era expect.
 */
import { describe, expect, it } from "vitest";
import { createRouteLimiter } from "@turbomcp/runtime";
import { ISSUER_A, bearer, listen, onSession, openSession, statelessCall } from "./kit.js";

async function session(options: Parameters<typeof listen>[0] = {}) {
  const { url } = await listen(options);
  const alice = await bearer(ISSUER_A);
  const { id } = await openSession(url, alice);
  const call = (name: string, id_: number) => onSession(url, id!, { id: id_, method: "tools/call", params: { name, arguments: {} } }, alice);
  return { url, alice, call, raw: (message: object) => onSession(url, id!, message, alice) };
}

describe("session-era POST", () => {
  it("answers -32003 with requiredScopes as 403 and an insufficient_scope challenge naming every scope", async () => {
    const { call } = await session();
    const refused = await call("erase", 3);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ id: 3, error: { code: -32003, message: "Forbidden: erase requires the scopes notes:admin, notes:write" } });
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="mcp", error="insufficient_scope", scope="notes:admin notes:write"');
  });

  it("answers -32004 as 429 with Retry-After in seconds", async () => {
    const { call } = await session({ limiter: createRouteLimiter() });
    expect((await call("limited", 1)).status).toBe(200);
    const refused = await call("limited", 2);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ id: 2, error: { code: -32004 } });
    expect(refused.headers.get("retry-after")).toMatch(/^(59|60)$/);
    expect(refused.headers.get("www-authenticate")).toBeNull();
  });

  it.each([
    ["an unknown tool (-32602)", { id: 4, method: "tools/call", params: { name: "nope", arguments: {} } }, -32602],
    ["an unknown method (-32601)", { id: 5, method: "nope/nope" }, -32601],
    ["a resource that does not exist (-32002)", { id: 6, method: "resources/read", params: { uri: "docs://missing" } }, -32002],
  ])("keeps 200 for %s, without a challenge", async (_name, message, code) => {
    const { raw } = await session();
    const answer = await raw(message);
    expect(answer.status).toBe(200);
    expect(answer.body.error?.code).toBe(code);
    expect(answer.headers.get("www-authenticate")).toBeNull();
  });
});

describe("2026-07-28 POST, for contrast", () => {
  it("answers the same refusal 403 with the same challenge, and other errors with their table status", async () => {
    const { url } = await listen();
    const alice = await bearer(ISSUER_A);
    const refused = await statelessCall(url, { name: "erase", arguments: {} }, alice);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="mcp", error="insufficient_scope", scope="notes:admin notes:write"');
    expect((await statelessCall(url, { name: "nope", arguments: {} }, alice)).status).not.toBe(200);
  });
});
