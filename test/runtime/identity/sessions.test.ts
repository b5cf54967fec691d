/**
 * Legacy HTTP sessions belong to an identity (scheme, issuer, subject), over real
 * HTTP with real credentials: the same subject `alice` under another scheme or
 * issuer cannot use the session (404, as for an unknown id), and one identity may
 * hold at most `maxSessionsPerPrincipal` sessions (429) without touching anyone else's.
 */
import { describe, expect, it } from "vitest";
import { ISSUER_A, ISSUER_B, apiKey, bearer, listen, onSession, openSession } from "./kit.js";

const PING = { id: 7, method: "ping" };

describe("a session is bound to the identity that opened it", () => {
  it("refuses an API key whose id is the JWT subject that opened the session (404), and the same subject of another issuer", async () => {
    const { url } = await listen();
    const aliceOfA = await bearer(ISSUER_A);
    const { id } = await openSession(url, aliceOfA);
    expect(id).toEqual(expect.any(String));
    for (const impostor of [apiKey("alice"), await bearer(ISSUER_B)]) {
      const refused = await onSession(url, id!, PING, impostor);
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ error: { code: -32006, message: "Session not found: initialize a new session" } });
    }
    expect((await onSession(url, id!, PING, aliceOfA)).status).toBe(200);
  });

  it("refuses the JWT subject `alice` on a session an API key `alice` opened", async () => {
    const { url } = await listen();
    const { id } = await openSession(url, apiKey("alice"));
    expect((await onSession(url, id!, PING, await bearer(ISSUER_A))).status).toBe(404);
    expect((await onSession(url, id!, PING, apiKey("alice"))).status).toBe(200);
  });
});

describe("maxSessionsPerPrincipal", () => {
  it("refuses an identity's session beyond the quota with 429, serves another identity, and frees a place on DELETE", async () => {
    const { url } = await listen({ maxSessionsPerPrincipal: 2 });
    const alice = await bearer(ISSUER_A);
    const first = await openSession(url, alice);
    const second = await openSession(url, alice);
    expect([first.answer.status, second.answer.status]).toEqual([200, 200]);
    const third = await openSession(url, alice);
    expect(third.answer.status).toBe(429);
    expect(third.id).toBeNull();
    expect(third.answer.body).toMatchObject({
      error: { code: -32004, message: "Too many sessions for this caller (2): end one (DELETE) or let one idle out" },
    });
    // The same subject elsewhere is someone else, with a quota of its own.
    expect((await openSession(url, await bearer(ISSUER_B))).answer.status).toBe(200);
    expect((await openSession(url, apiKey("alice"))).answer.status).toBe(200);
    expect((await onSession(url, first.id!, PING, alice)).status).toBe(200);
    const ended = await fetch(url, { method: "DELETE", headers: { ...alice, "mcp-session-id": first.id!, "mcp-protocol-version": "2025-11-25" } });
    expect(ended.ok).toBe(true);
    expect((await openSession(url, alice)).answer.status).toBe(200);
  });
});
