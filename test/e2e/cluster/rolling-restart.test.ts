/**
 * Rolling restarts of the reference deployment under load: each instance in turn
 * gets SIGTERM (it drains: readiness false, listening socket closed, requests in
 * flight answered), is started again and is back in HAProxy before the next one
 * goes, while 50 keep-alive callers send stateless requests through the balancer.
 * No client request may fail.
 */
import { expect, it } from "vitest";
import { useCluster, type TestCluster } from "../../helpers/cluster.js";
import { restartGracefully } from "../../../deploy/cluster/rolling-restart.js";
import { describeFailures, startLoad } from "./kit.js";

const cluster = useCluster();

const CALLERS = 50;

async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what()} (waited ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Restarts each instance in turn with `restartOne` under the load; the failures, reported. */
async function rollingRestart(c: TestCluster, restartOne: (index: number) => Promise<void>): Promise<{ failed: number; report: string }> {
  // Mostly tool calls, which HAProxy never retries (not idempotent), and some lists, which it may.
  const load = startLoad(
    c.url,
    CALLERS,
    (caller) => (caller % 5 === 0 ? { method: "tools/list" } : { method: "tools/call", params: { name: "greet", arguments: { name: `caller ${caller}` } } }),
    200_000,
  );
  const settle = (count: number) => {
    const target = load.outcomes.length + count;
    return until(
      () => load.outcomes.length >= target,
      30_000,
      () => `the load stalled at ${load.outcomes.length} requests`,
    );
  };
  const phases: string[] = [];
  const logged = c.accessLog.length;
  await settle(500);
  for (const index of [0, 1, 2]) {
    const before = load.outcomes.length;
    await restartOne(index);
    await settle(300);
    const phase = load.outcomes.slice(before);
    phases.push(`s${index + 1}: ${phase.length} requests, ${phase.filter((outcome) => !outcome.ok).length} failed`);
  }
  const outcomes = await load.stop();
  const failed = outcomes.filter((outcome) => !outcome.ok);
  // Every instance served some of the load.
  expect(new Set(outcomes.map((outcome) => outcome.backend).filter((backend) => backend !== undefined))).toEqual(new Set(["s1", "s2", "s3"]));
  // What HAProxy retried for the clients (a refused connection, a 503 or an empty response), from its access log.
  const retried = new Map<string, number>();
  for (const entry of c.accessLog.slice(logged).filter((entry) => entry.retries !== "0")) {
    const key = `${entry.mcpMethod} retries=${entry.retries} → ${entry.status} on ${entry.backend}`;
    retried.set(key, (retried.get(key) ?? 0) + 1);
  }
  const retries = [...retried].map(([key, count]) => `${count} × ${key}`).join("; ");
  return {
    failed: failed.length,
    report: `${outcomes.length} requests, ${failed.length} failed (${phases.join("; ")}); retried by HAProxy: ${retries || "none"}\n${describeFailures(outcomes)}`,
  };
}

// Needs the server's drain to serve requests that arrive on open connections (with
// `Connection: close`) and to close an idle connection only after a grace: without it
// (the runtime before helper/drain, eb5eac8), HAProxy sometimes sends a request on a
// kept-alive connection just as the draining instance closes it; tools/call is not
// retried, so HAProxy closes the client's connection ("socket hang up"), or answers
// 502 when it was the connection's first request. Measured on this topology without
// that change: 15, 2, 5, 4, 5, 7, 0 and 13 failed tool calls of 14,000–27,000 requests
// per run; with it applied: 0 in five runs. The test below, drained in HAProxy first,
// passes either way.
it("SIGTERM, then restart, each instance in turn under 50 keep-alive callers: no request fails", async () => {
  const c = cluster();
  const { failed, report } = await rollingRestart(c, async (index) => {
    const exit = await c.kill(index, "SIGTERM");
    expect(exit.code, c.output()).toBe(0);
    await c.restart(index);
  });
  console.info(`plain SIGTERM: ${report}`);
  expect(failed, report).toBe(0);
}, 180_000);

it("drained in HAProxy first (runtime API), then SIGTERM and restart, as `npm run cluster` does on SIGHUP: no request fails", async () => {
  const c = cluster();
  const { failed, report } = await rollingRestart(c, (index) => restartGracefully(c, index));
  console.info(`drained first: ${report}`);
  expect(failed, report).toBe(0);
}, 180_000);
