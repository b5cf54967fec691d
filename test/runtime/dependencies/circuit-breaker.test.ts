/**
 * The circuit breaker's windows and states, driven by a clock the test moves: nothing
 * sleeps and nothing asserts on elapsed time.
 */
import { describe, expect, it } from "vitest";
import { McpError, createDependencies, type Clock, type DependencyPolicy, type ServerLogger } from "../../../packages/runtime/src/index.js";

/** A clock that moves only when told; timers fire as it passes them. */
class TestClock implements Clock {
  #now = 1_000_000;
  #timers = new Set<{ at: number; fire: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fire: () => void): () => void {
    const timer = { at: this.#now + ms, fire };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  advance(ms: number): void {
    this.#now += ms;
    for (const timer of [...this.#timers]) {
      if (timer.at > this.#now) continue;
      this.#timers.delete(timer);
      timer.fire();
    }
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }
}

const quietLogger = (): ServerLogger & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, warn: (message) => lines.push(message), error: (message) => lines.push(message) };
};

function setup(policy: DependencyPolicy = {}) {
  const clock = new TestClock();
  const logger = quietLogger();
  const dependencies = createDependencies(
    { api: { failureRate: 0.5, minimumRequests: 4, windowMs: 10_000, openMs: 5_000, halfOpenProbes: 2, timeoutMs: 1_000, ...policy } },
    { clock, logger },
  );
  const events: string[] = [];
  dependencies.observe({
    onStateChange: (name, from, to) => events.push(`${name}: ${from} -> ${to}`),
    onFailure: (name, reason) => events.push(`${name}: failure ${reason}`),
    onRejection: (name) => events.push(`${name}: rejected`),
  });
  const api = dependencies.bind("api");
  let upstreamCalls = 0;
  const ok = (): Promise<string> => api.call(async () => (upstreamCalls++, "ok"));
  const fail = (): Promise<string> =>
    api.call(async () => {
      upstreamCalls++;
      throw new Error("upstream 500");
    });
  return { clock, logger, dependencies, events, api, ok, fail, calls: () => upstreamCalls };
}

/** Lets calls already admitted start running their function. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function failTimes(fail: () => Promise<string>, times: number): Promise<void> {
  for (let index = 0; index < times; index++) await expect(fail()).rejects.toThrow("upstream 500");
}

describe("circuit breaker", () => {
  it("stays closed below the minimum number of calls, however many of them fail", async () => {
    const { api, fail } = setup();
    await failTimes(fail, 3);
    expect(api.state).toBe("closed");
  });

  it("opens once the failure rate over the window reaches the threshold with enough calls", async () => {
    const { api, ok, fail, events } = setup();
    await ok();
    await ok();
    await failTimes(fail, 1);
    expect(api.state).toBe("closed"); // 1 of 3: under the minimum volume
    await failTimes(fail, 1);
    expect(api.state).toBe("open"); // 2 of 4 = 50 %
    expect(events.filter((event) => event.includes("->"))).toEqual(["api: closed -> open"]);
  });

  it("does not open while the failure rate stays below the threshold", async () => {
    const { api, ok, fail } = setup();
    for (let round = 0; round < 5; round++) {
      await ok();
      await ok();
      await failTimes(fail, 1);
    }
    expect(api.state).toBe("closed"); // 5 of 15 = 33 %
  });

  it("forgets failures that have left the rolling window", async () => {
    const { api, clock, ok, fail } = setup();
    await failTimes(fail, 3);
    clock.advance(12_000); // the window is 10 s (plus at most one 1 s bucket)
    await ok();
    await ok();
    await ok();
    await failTimes(fail, 1);
    expect(api.state).toBe("closed"); // 1 of 4 in the window; with the old ones it would be 4 of 7
  });

  it("refuses calls while open without running them, naming the dependency and when it will retry", async () => {
    const { api, clock, fail, calls, events } = setup();
    await failTimes(fail, 4);
    const before = calls();
    clock.advance(2_000);
    const refusal = await api.call(async () => "never").catch((error: unknown) => error);
    expect(calls()).toBe(before);
    expect(refusal).toBeInstanceOf(McpError);
    expect(refusal).toMatchObject({ code: "dependency_unavailable", data: { dependency: "api", state: "open", retryAfterMs: 3_000 } });
    expect((refusal as McpError).message).toMatch(/^Dependency "api" is unavailable: .*tried again in 3 s \(at \d{4}-\d\d-\d\dT/);
    expect(events.at(-1)).toBe("api: rejected");
  });

  it("answers with the fallback while open, telling it why", async () => {
    const { api, fail } = setup();
    await failTimes(fail, 4);
    const value = await api.call(async () => "fresh", { fallback: (failure) => `cached (${failure.reason})` });
    expect(value).toBe("cached (open)");
  });

  it("goes half-open after openMs, lets only halfOpenProbes calls through, and closes when they all succeed", async () => {
    const { api, clock, fail, events, logger } = setup();
    await failTimes(fail, 4);
    clock.advance(5_000);
    expect(api.state).toBe("half-open");
    const releases: ((value: string) => void)[] = [];
    const slow = (): Promise<string> => api.call(() => new Promise<string>((resolve) => releases.push(resolve)));
    const first = slow();
    const second = slow();
    await expect(api.call(async () => "third")).rejects.toMatchObject({ code: "dependency_unavailable", data: { state: "half-open" } });
    await nextTurn();
    releases[0]?.("one");
    expect(await first).toBe("one");
    expect(api.state).toBe("half-open"); // one of two probes passed
    releases[1]?.("two");
    expect(await second).toBe("two");
    expect(api.state).toBe("closed");
    expect(events.filter((event) => event.includes("->"))).toEqual(["api: closed -> open", "api: open -> half-open", "api: half-open -> closed"]);
    expect(logger.lines.map((line) => line.replace(/until .*/, "until …"))).toEqual([
      'dependency "api" circuit opened: calls are refused until …',
      'dependency "api" circuit half-open: probing whether it recovered',
      'dependency "api" circuit closed: calls go through again',
    ]);
  });

  it("opens again for another openMs when a probe fails", async () => {
    const { api, clock, fail } = setup();
    await failTimes(fail, 4);
    clock.advance(5_000);
    await failTimes(fail, 1);
    expect(api.state).toBe("open");
    clock.advance(4_999);
    expect(api.state).toBe("open");
    clock.advance(1);
    expect(api.state).toBe("half-open");
  });

  it("starts with an empty window once closed again", async () => {
    const { api, clock, ok, fail } = setup({ halfOpenProbes: 1 });
    await failTimes(fail, 4);
    clock.advance(5_000);
    await ok();
    expect(api.state).toBe("closed");
    await failTimes(fail, 3);
    expect(api.state).toBe("closed"); // 3 calls: under the minimum, the 4 old failures are gone
  });

  it("times a call out: its signal aborts, it counts as a failure, and the fallback learns it was a timeout", async () => {
    const { api, clock, events } = setup({ minimumRequests: 1, failureRate: 1 });
    let seen: AbortSignal | undefined;
    const pending = api.call(
      (signal) =>
        new Promise<string>((_resolve, reject) => {
          seen = signal;
          signal.addEventListener("abort", () => reject(new Error("aborted by the breaker")));
        }),
      { fallback: (failure) => `fallback after ${failure.reason}: ${(failure.error as Error).message}` },
    );
    await Promise.resolve();
    clock.advance(1_000);
    expect(await pending).toBe('fallback after timeout: Dependency "api" did not answer within 1000 ms');
    expect(seen?.aborted).toBe(true);
    expect(events).toEqual(["api: failure timeout", "api: closed -> open"]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("rejects a timed-out call with dependency_unavailable when there is no fallback", async () => {
    const { api, clock } = setup();
    const pending = api.call(() => new Promise<string>(() => undefined)).catch((error: unknown) => error);
    await Promise.resolve();
    clock.advance(1_000);
    expect(await pending).toMatchObject({ code: "dependency_unavailable", message: 'Dependency "api" did not answer within 1000 ms' });
  });

  it("counts errors isFailure declines as successes", async () => {
    const { api } = setup();
    const notFound = (): Promise<string> =>
      api.call(
        async () => {
          throw new Error("404");
        },
        { isFailure: (error) => (error as Error).message !== "404" },
      );
    for (let index = 0; index < 6; index++) await expect(notFound()).rejects.toThrow("404");
    expect(api.state).toBe("closed");
  });

  it("neither runs nor counts a call of a request already cancelled, and a cancelled probe frees its place", async () => {
    const clock = new TestClock();
    const dependencies = createDependencies({ api: { minimumRequests: 1, openMs: 10, halfOpenProbes: 1 } }, { clock, logger: quietLogger() });
    const cancelled = new AbortController();
    cancelled.abort(new Error("client went away"));
    let ran = false;
    await expect(dependencies.bind("api", cancelled.signal).call(async () => (ran = true))).rejects.toThrow("client went away");
    expect(ran).toBe(false);
    await expect(
      dependencies.bind("api").call(async () => {
        throw new Error("down");
      }),
    ).rejects.toThrow("down");
    clock.advance(10);
    const request = new AbortController();
    let probeSignal: AbortSignal | undefined;
    const probe = dependencies.bind("api", request.signal).call((signal) => new Promise<never>(() => (probeSignal = signal)));
    await Promise.resolve();
    request.abort(new Error("cancelled"));
    await expect(probe).rejects.toThrow("cancelled");
    expect(probeSignal?.aborted).toBe(true);
    expect(dependencies.bind("api").state).toBe("half-open");
    // The cancelled probe gave no verdict, so the next call is the probe.
    expect(await dependencies.bind("api").call(async () => "up")).toBe("up");
    expect(dependencies.bind("api").state).toBe("closed");
  });

  it("ignores the late outcome of a call admitted before the breaker changed state", async () => {
    const { api, clock, fail } = setup({ halfOpenProbes: 1, timeoutMs: 60_000 });
    let release: (value: string) => void = () => undefined;
    const slow = api.call(() => new Promise<string>((resolve) => (release = resolve)));
    await failTimes(fail, 4);
    expect(api.state).toBe("open");
    clock.advance(5_000);
    expect(api.state).toBe("half-open");
    release("late");
    expect(await slow).toBe("late");
    expect(api.state).toBe("half-open"); // not taken for the probe
  });

  it("reports a snapshot for health, with retryAt while open", async () => {
    const clock = new TestClock();
    const dependencies = createDependencies({ a: { minimumRequests: 1, openMs: 100, critical: true }, b: {} }, { clock, logger: quietLogger() });
    await expect(
      dependencies.bind("a").call(async () => {
        throw new Error("down");
      }),
    ).rejects.toThrow("down");
    expect(dependencies.names).toEqual(["a", "b"]);
    expect(dependencies.snapshot()).toEqual([
      { name: "a", state: "open", critical: true, retryAt: clock.now() + 100 },
      { name: "b", state: "closed", critical: false },
    ]);
  });

  it("throws a clear error for an undeclared dependency", () => {
    const { dependencies } = setup();
    expect(() => dependencies.bind("billing")).toThrow(
      'ctx.dependency("billing"): no dependency of that name in the manifest\'s "dependencies" (declared: "api")',
    );
    expect(() => createDependencies().bind("x")).toThrow("the manifest declares none");
  });

  it.each([
    [{ failureRate: 0 }, "dependencies.api.failureRate must be a number above 0 and at most 1, got 0"],
    [{ failureRate: 1.5 }, "failureRate must be a number above 0 and at most 1"],
    [{ timeoutMs: 0 }, "dependencies.api.timeoutMs must be an integer from 1 to"],
    [{ minimumRequests: 1.5 }, "dependencies.api.minimumRequests must be an integer"],
    [{ halfOpenProbes: 0 }, "dependencies.api.halfOpenProbes must be an integer"],
  ] satisfies [DependencyPolicy, string][])("refuses bad thresholds when created: %j", (policy, message) => {
    expect(() => createDependencies({ api: policy })).toThrow(message);
  });
});
