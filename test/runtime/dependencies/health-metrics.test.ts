/**
 * What health and metrics make of the breakers, from breakers driven in-process: degraded
 * (`warn`) while any is not closed, failing only while a critical one is open, and the
 * three dependency series from the first scrape on.
 */
import { describe, expect, it } from "vitest";
import { createDependencies, type Clock } from "../../../packages/runtime/src/index.js";
import { createHealth, createMetrics } from "../../../packages/runtime/src/entries/observability.js";

function clock(): Clock & { advance(ms: number): void } {
  let now = 5_000_000;
  return { now: () => now, setTimer: () => () => undefined, advance: (ms) => (now += ms) };
}

async function failOnce(dependencies: ReturnType<typeof createDependencies>, name: string): Promise<void> {
  await dependencies
    .bind(name)
    .call(async () => {
      throw new Error("down");
    })
    .catch(() => undefined);
}

describe("breakers in health and metrics", () => {
  const setup = () => {
    const time = clock();
    const dependencies = createDependencies(
      { pay: { minimumRequests: 1, openMs: 1_000, critical: true }, maps: { minimumRequests: 1, openMs: 1_000 } },
      { clock: time, logger: { warn: () => undefined, error: () => undefined } },
    );
    return { time, dependencies, health: createHealth({ ready: true, dependencies }), metrics: createMetrics({ dependencies, defaultMetrics: false }) };
  };

  it("passes with every breaker closed, and lists them", async () => {
    const { health } = setup();
    expect(await health.report()).toMatchObject({
      status: "pass",
      dependencies: { pay: { state: "closed", critical: true }, maps: { state: "closed", critical: false } },
    });
    expect(await health.isReady()).toBe(true);
  });

  it("is degraded but ready while a non-critical breaker is open, and fails while a critical one is", async () => {
    const { health, dependencies, time } = setup();
    await failOnce(dependencies, "maps");
    const degraded = await health.report();
    expect(degraded).toMatchObject({ status: "warn", dependencies: { maps: { state: "open", retryAt: new Date(time.now() + 1_000).toISOString() } } });
    expect(degraded).not.toHaveProperty("failingDependencies");
    expect(await health.isReady()).toBe(true);
    await failOnce(dependencies, "pay");
    expect(await health.report()).toMatchObject({ status: "fail", failingDependencies: ["pay"] });
    expect(await health.isReady()).toBe(false);
    time.advance(1_000);
    // Half-open: the probes decide; ready again, still degraded.
    expect(await health.report()).toMatchObject({ status: "warn", dependencies: { pay: { state: "half-open" } } });
    expect(await health.isReady()).toBe(true);
  });

  it("leaves the report as before on a server without dependencies", async () => {
    const report = await createHealth({ ready: true, dependencies: createDependencies() }).report();
    expect(report.status).toBe("pass");
    expect(report).not.toHaveProperty("dependencies");
  });

  it("exposes state, failures and rejections per dependency, zero from the start", async () => {
    const { metrics, dependencies, time } = setup();
    const before = await metrics.render();
    expect(before).toContain('mcp_dependency_state{dependency="pay"} 0');
    expect(before).toContain('mcp_dependency_failures_total{dependency="pay",reason="error"} 0');
    expect(before).toContain('mcp_dependency_failures_total{dependency="pay",reason="timeout"} 0');
    expect(before).toContain('mcp_dependency_rejections_total{dependency="pay"} 0');
    await failOnce(dependencies, "pay");
    await failOnce(dependencies, "pay"); // refused: open
    const open = await metrics.render();
    expect(open).toContain('mcp_dependency_state{dependency="pay"} 2');
    expect(open).toContain('mcp_dependency_failures_total{dependency="pay",reason="error"} 1');
    expect(open).toContain('mcp_dependency_rejections_total{dependency="pay"} 1');
    time.advance(1_000);
    expect(await metrics.render()).toContain('mcp_dependency_state{dependency="pay"} 1');
  });

  it("adds no dependency series without dependencies", async () => {
    expect(await createMetrics({ defaultMetrics: false, dependencies: createDependencies() }).render()).not.toContain("dependency");
  });
});
