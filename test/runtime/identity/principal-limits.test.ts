/**
 * Regression: the endpoint's per-principal limit counted `scheme:subject`, so the
 * same `sub` from two identity providers shared one budget: issuer B's alice was
 * refused because issuer A's alice had spent it. It counts per identity now.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createHttpLimits, type HttpLimits } from "@turbomcp/runtime/http";
import { INITIALIZE, ISSUER_A, ISSUER_B, apiKey, bearer, listen, post } from "./kit.js";

let limits: HttpLimits | undefined;
afterEach(async () => {
  await limits?.close();
  limits = undefined;
});

describe("perPrincipal", () => {
  it("gives each identity its own budget: the same subject of another issuer or scheme is not refused", async () => {
    limits = createHttpLimits({ perPrincipal: { limit: 1, windowMs: 60_000 } });
    const { url } = await listen({ httpLimits: limits });
    const aliceOfA = await bearer(ISSUER_A);
    expect((await post(url, INITIALIZE, aliceOfA)).status).toBe(200);
    expect((await post(url, INITIALIZE, aliceOfA)).status).toBe(429);
    expect((await post(url, INITIALIZE, await bearer(ISSUER_B))).status).toBe(200);
    expect((await post(url, INITIALIZE, apiKey("alice"))).status).toBe(200);
  });
});
