/**
 * The reference deployment when a part fails: an instance killed (SIGKILL) under a
 * load of stateless calls, and Redis restarted under the instances.
 */
import { describe, expect, it, onTestFinished } from "vitest";
import { useCluster, type TestCluster } from "../../helpers/cluster.js";
import { CONNECTION_PER_REQUEST, describeFailures, send, startLoad, type Outcome } from "./kit.js";

const cluster = useCluster();

/** Polls `check` every 50 ms until it holds; throws `what` after `timeoutMs` (a bound, not a timing assertion). */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what()} (waited ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** HAProxy logs a request once it ends, which can be just after the client got its answer. */
async function loggedAll(c: TestCluster, outcomes: readonly Outcome[]): Promise<void> {
  await until(
    () => outcomes.every((outcome) => c.accessLog.some((entry) => entry.id === outcome.id)),
    5_000,
    () => "HAProxy logged not every request",
  );
}

describe("an instance killed under load", () => {
  it("fails only the requests that were running on it; the others keep working through the other two", async () => {
    const c = cluster();
    // Tool calls that take 100 ms, so some are running on the instance when it dies; reads beside them.
    // One connection per request: HAProxy then answers a request cut by the kill with a 502 and logs
    // it with the instance it was on, where on a kept-alive connection it would close it silently.
    const load = startLoad(
      c.url,
      8,
      (caller) =>
        caller < 6
          ? { method: "tools/call", params: { name: "slow_compute", arguments: { seconds: 0.1 } } }
          : { method: "resources/read", params: { uri: "test://static-text" } },
      5_000,
      CONNECTION_PER_REQUEST,
    );
    await until(
      () => load.outcomes.length >= 60,
      20_000,
      () => `only ${load.outcomes.length} requests settled before the kill`,
    );
    onTestFinished(() => c.restart(1));
    const exit = await c.kill(1, "SIGKILL");
    const killed = performance.now();
    expect(exit.signal).toBe("SIGKILL");
    const after = (outcome: Outcome): boolean => outcome.started > killed;
    await until(
      () => load.outcomes.filter(after).length >= 150,
      30_000,
      () => `only ${load.outcomes.filter(after).length} requests after the kill`,
    );
    const outcomes = await load.stop();

    const failed = outcomes.filter((outcome) => !outcome.ok);
    await loggedAll(c, outcomes);
    const logged = new Map(c.accessLog.map((entry) => [entry.id, entry]));
    const report = `${outcomes.length} requests, ${failed.length} failed:\n${describeFailures(outcomes)}\n${JSON.stringify(failed.map((o) => logged.get(o.id)))}`;

    // Every failure was a request HAProxy had sent to the killed instance (s2) before it died…
    for (const outcome of failed) {
      expect(logged.get(outcome.id)?.backend, report).toBe("s2");
      expect(outcome.started, report).toBeLessThan(killed);
    }
    // …and every request HAProxy had on s2 without an answer failed: nothing else did.
    const sent = new Set(outcomes.map((outcome) => outcome.id));
    const cutOnS2 = c.accessLog.filter((entry) => sent.has(entry.id) && entry.backend === "s2" && entry.status !== 200).map((entry) => entry.id);
    expect(new Set(cutOnS2), report).toEqual(new Set(failed.map((outcome) => outcome.id)));
    // After the kill: everything answered, by the two others only.
    const later = outcomes.filter(after);
    expect(
      later.filter((outcome) => !outcome.ok),
      report,
    ).toEqual([]);
    expect(new Set(later.map((outcome) => outcome.backend)), report).toEqual(new Set(["s1", "s3"]));
  }, 90_000);
});

describe("requests on an instance that dies before answering", () => {
  it("are replayed on another instance when they read, and fail when they call a tool", async () => {
    const c = cluster();
    // Frozen, s2 still accepts connections (the kernel does) but answers nothing: what
    // HAProxy sends it stays in progress until the SIGKILL below. Six requests at a time in
    // round robin over three instances: two of each kind reach s2.
    c.signal(1, "SIGSTOP");
    onTestFinished(() => c.restart(1));
    const wave = (count: number, request: () => Promise<Outcome>) => Array.from({ length: count }, request);
    const reads = wave(6, () => send(c.url, "resources/read", { uri: "test://static-text" }, CONNECTION_PER_REQUEST));
    await until(
      async () => (await c.inProgress()).get("s2") === 2,
      10_000,
      () => "HAProxy did not send two reads to the frozen instance",
    );
    const calls = wave(6, () => send(c.url, "tools/call", { name: "greet", arguments: { name: "frozen" } }, CONNECTION_PER_REQUEST));
    await until(
      async () => (await c.inProgress()).get("s2") === 4,
      10_000,
      () => "HAProxy did not send two tool calls to the frozen instance",
    );
    await c.kill(1, "SIGKILL");
    const [read, called] = [await Promise.all(reads), await Promise.all(calls)];
    await loggedAll(c, [...read, ...called]);
    const logged = new Map(c.accessLog.map((entry) => [entry.id, entry]));
    const report = JSON.stringify([...read, ...called].map((outcome) => [outcome.method, outcome.ok, outcome.status, logged.get(outcome.id)]));

    // The two reads s2 had were sent again, to another instance (`+1`: one retry, redispatched), and answered.
    expect(
      read.filter((outcome) => !outcome.ok),
      report,
    ).toEqual([]);
    const replayed = read.filter((outcome) => logged.get(outcome.id)?.retries === "+1");
    expect(replayed, report).toHaveLength(2);
    for (const outcome of replayed) expect(["s1", "s3"]).toContain(outcome.backend);
    // The two tool calls s2 had failed (502 from HAProxy, logged on s2); the four others were answered.
    const failed = called.filter((outcome) => !outcome.ok);
    expect(failed, report).toHaveLength(2);
    for (const outcome of failed) {
      expect(outcome.status).toBe(502);
      expect(logged.get(outcome.id)).toMatchObject({ backend: "s2", retries: "0" });
    }
  }, 60_000);
});

/** An instance's own /health/ready, bypassing the balancer. */
async function readiness(url: string): Promise<{ status: number; failing: unknown }> {
  const response = await fetch(new URL("/health/ready", url));
  const body = (await response.json()) as { failing?: unknown };
  return { status: response.status, failing: body.failing };
}

describe("Redis restarted under the instances", () => {
  it("takes readiness away and back; the processes live on and stateless calls keep working through the balancer", async () => {
    const c = cluster();
    const load = startLoad(
      c.url,
      4,
      (caller) => (caller % 2 === 0 ? { method: "tools/call", params: { name: "greet", arguments: { name: "redis" } } } : { method: "tools/list" }),
      20_000,
    );
    const all = () => c.instances.map((instance) => instance.url);
    await until(
      () => load.outcomes.length >= 20,
      20_000,
      () => "no traffic before the outage",
    );

    await c.redis.stop();
    // Each instance's readiness check pings Redis: all three say 503, naming the check.
    let seen: unknown;
    await until(
      async () => {
        seen = await Promise.all(all().map(readiness));
        return (seen as { status: number; failing: unknown }[]).every((ready) => ready.status === 503 && JSON.stringify(ready.failing) === '["redis"]');
      },
      15_000,
      () => `readiness during the outage: ${JSON.stringify(seen)}`,
    );
    // HAProxy takes every instance out of the ready backend…
    await until(
      async () => [...(await c.statuses()).values()].every((status) => status === "DOWN"),
      15_000,
      () => "HAProxy still has a ready instance",
    );
    // …and sends the traffic to the live ones (the turbomcp_live fallback), which serve stateless calls without Redis.
    const outage = performance.now();
    await until(
      () => load.outcomes.filter((outcome) => outcome.started > outage).length >= 40,
      20_000,
      () => "too few requests during the outage",
    );
    const during = load.outcomes.filter((outcome) => outcome.started > outage);
    expect(new Set(during.map((outcome) => outcome.backend))).toEqual(new Set(["s1", "s2", "s3"]));

    await c.redis.start();
    await until(
      async () => (await Promise.all(all().map(readiness))).every((ready) => ready.status === 200),
      20_000,
      () => "an instance is still not ready",
    );
    for (const index of [0, 1, 2]) await c.waitForStatus(index, "UP", 15_000);
    const back = performance.now();
    await until(
      () => load.outcomes.filter((outcome) => outcome.started > back).length >= 20,
      20_000,
      () => "too few requests after the outage",
    );
    const outcomes = await load.stop();

    expect(c.instances.map((instance) => instance.running)).toEqual([true, true, true]);
    expect(
      outcomes.filter((outcome) => !outcome.ok),
      describeFailures(outcomes),
    ).toEqual([]);
  }, 120_000);
});
