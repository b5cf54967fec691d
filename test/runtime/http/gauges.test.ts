/** The counts runMain feeds to the active-sessions and active-connections gauges. */
import { describe, expect, it } from "vitest";
import { openSession, startFixture } from "./harness.js";

describe("listenHttp gauges", () => {
  it("counts sessions held and open connections", async () => {
    const { url, listener } = await startFixture();
    expect((await listener.gauges()).sessions).toBe(0);
    await openSession(url);
    await openSession(url);
    const gauges = await listener.gauges();
    expect(gauges.sessions).toBe(2);
    // fetch keeps its connection alive: at least the one it used is open.
    expect(gauges.connections).toBeGreaterThanOrEqual(1);
  });
});
