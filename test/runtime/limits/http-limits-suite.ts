/** The endpoint limits over loopback HTTP, run on every store. */
import { afterEach, describe, expect, it } from "vitest";
import { createHttpLimits, type HttpLimits, type HttpLimitsOptions } from "@turbomcp/runtime/http";
import { call, serve, statuses } from "./http-harness.js";

const MINUTE = 60_000;

export function httpLimitsSuite(storeOptions: () => HttpLimitsOptions): void {
  const created: HttpLimits[] = [];
  const limits = async (options: HttpLimitsOptions): Promise<HttpLimits> => {
    const made = createHttpLimits({ ...storeOptions(), ...options });
    created.push(made);
    await made.ready();
    return made;
  };
  afterEach(async () => {
    for (const made of created.splice(0)) await made.close();
  });

  describe("per IP", () => {
    it("answers 429 after N requests, with Retry-After, draft-8 RateLimit fields and a JSON-RPC body", async () => {
      const port = await serve(await limits({ rateLimits: { perIp: { limit: 3, windowMs: MINUTE } } }));
      expect(await statuses(port, 3)).toEqual([200, 200, 200]);
      const refused = await call(port);
      expect(refused.status).toBe(429);
      expect(refused.headers["content-type"]).toBe("application/json");
      const retryAfter = Number(refused.headers["retry-after"]);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(refused.headers["ratelimit-policy"]).toMatch(/^"ip"; q=3; w=60; pk=:[A-Za-z0-9+/]+=*:$/);
      expect(refused.headers.ratelimit).toMatch(/^"ip"; r=0; t=\d+$/);
      expect(JSON.parse(refused.body)).toEqual({
        jsonrpc: "2.0",
        error: { code: -32004, message: `Too many requests (ip limit): retry in ${retryAfter} s`, data: { retryAfterMs: expect.any(Number) } },
      });
    });

    it("counts each client address on its own", async () => {
      const port = await serve(await limits({ perIp: { limit: 2, windowMs: MINUTE } }));
      expect(await statuses(port, 3, { from: "127.0.0.1" })).toEqual([200, 200, 429]);
      expect(await statuses(port, 2, { from: "127.0.0.2" })).toEqual([200, 200]);
      // A principal does not escape the per-IP limit.
      expect((await call(port, { from: "127.0.0.1", headers: { "x-test-principal": "alice" } })).status).toBe(429);
    });

    it("lets options replace or turn off the manifest's limit", async () => {
      const tighter = await serve(await limits({ rateLimits: { perIp: { limit: 100, windowMs: MINUTE } }, perIp: { limit: 1, windowMs: MINUTE } }));
      expect(await statuses(tighter, 2)).toEqual([200, 429]);
      const off = await limits({ rateLimits: { perIp: { limit: 1, windowMs: MINUTE } }, perIp: false });
      expect(off.enabled).toBe(false);
      expect(await statuses(await serve(off), 3)).toEqual([200, 200, 200]);
    });
  });

  describe("fields on requests let through", () => {
    it("are left off by default, keeping the hot path lean", async () => {
      const port = await serve(await limits({ perIp: { limit: 3, windowMs: MINUTE } }));
      const passed = await call(port);
      expect(passed.status).toBe(200);
      expect(passed.headers.ratelimit).toBeUndefined();
    });

    it("count down with rateLimitHeaders: always", async () => {
      const port = await serve(await limits({ perIp: { limit: 3, windowMs: MINUTE }, rateLimitHeaders: "always" }));
      const first = await call(port);
      const second = await call(port);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.headers["ratelimit-policy"]).toMatch(/^"ip"; q=3; w=60; pk=:[^:]+:$/);
      expect(first.headers.ratelimit).toMatch(/^"ip"; r=2; t=\d+$/);
      expect(second.headers.ratelimit).toMatch(/^"ip"; r=1; t=\d+$/);
    });
  });

  describe("per principal and per tenant", () => {
    it("counts a principal wherever it calls from, and never anonymous callers", async () => {
      const port = await serve(await limits({ perPrincipal: { limit: 2, windowMs: MINUTE } }));
      const alice = { "x-test-principal": "alice" };
      expect((await call(port, { from: "127.0.0.1", headers: alice })).status).toBe(200);
      expect((await call(port, { from: "127.0.0.2", headers: alice })).status).toBe(200);
      const refused = await call(port, { from: "127.0.0.3", headers: alice });
      expect(refused.status).toBe(429);
      expect(refused.headers["ratelimit-policy"]).toMatch(/^"principal"; q=2; w=60; /);
      expect((JSON.parse(refused.body) as { error: { message: string } }).error.message).toMatch(/^Too many requests \(principal limit\)/);
      expect((await call(port, { headers: { "x-test-principal": "bob" } })).status).toBe(200);
      expect(await statuses(port, 4)).toEqual([200, 200, 200, 200]);
    });

    it("counts a tenant across its principals", async () => {
      const port = await serve(await limits({ rateLimits: { perTenant: { limit: 2, windowMs: MINUTE } } }));
      const as = (principal: string, tenant: string) => ({ headers: { "x-test-principal": principal, "x-test-tenant": tenant } });
      expect((await call(port, as("alice", "acme"))).status).toBe(200);
      expect((await call(port, as("bob", "acme"))).status).toBe(200);
      expect((await call(port, as("carol", "acme"))).status).toBe(429);
      expect((await call(port, as("alice", "globex"))).status).toBe(200);
    });

    it("reports every limit it counted, and waits for every one that refused", async () => {
      const port = await serve(await limits({ perIp: { limit: 2, windowMs: MINUTE }, perPrincipal: { limit: 1, windowMs: 2 * MINUTE } }));
      const dave = { headers: { "x-test-principal": "dave" } };
      expect((await call(port, dave)).status).toBe(200);
      const refused = await call(port, dave);
      expect(refused.status).toBe(429);
      expect(refused.headers["ratelimit-policy"]).toMatch(/^"ip"; q=2; w=60; pk=:[^:]+:, "principal"; q=1; w=120; pk=:[^:]+:$/);
      expect(refused.headers.ratelimit).toMatch(/^"ip"; r=0; t=\d+, "principal"; r=0; t=\d+$/);
      // Only the principal limit refused: the wait is its window, longer than a minute.
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(60);
    });
  });
}
