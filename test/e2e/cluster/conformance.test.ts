/**
 * The official MCP conformance suite, both lines, through the reference deployment's
 * balancer (3 instances of examples/everything, one Redis, HAProxy in round robin
 * without stickiness), exactly as test/conformance/conformance.test.ts runs it
 * against one instance, with the same baselines: every session, stream, answer and
 * task the suite opens is served by whichever instance each request reaches.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useCluster } from "../../helpers/cluster.js";
import { repoRoot } from "../../helpers/scratch.js";
import { runSuite } from "../../conformance/suite.js";

const cluster = useCluster();

const baseline = path.join(repoRoot, "test/conformance/baseline-2025-11-25.yml");
const baselineStateless = path.join(repoRoot, "test/conformance/baseline-2026-07-28.yml");

/** The instances that served the requests logged from `from` on: the suite's traffic really was spread. */
function backendsSince(from: number): Set<string> {
  return new Set(
    cluster()
      .accessLog.slice(from)
      .map((entry) => entry.backend),
  );
}

describe("MCP conformance suite through the balancer, server scenarios", () => {
  it("0.1.x: every 2025-11-25 scenario, pending ones included", async () => {
    const from = cluster().accessLog.length;
    const run = await runSuite(
      "stable",
      ["server", "--url", cluster().url, "--suite", "all", "--spec-version", "2025-11-25", "--expected-failures", baseline],
      300_000,
    );
    expect(run.output).toMatch(/Total: \d+ passed/);
    expect(run.code, `${run.output}\n${cluster().output()}`).toBe(0);
    expect(backendsSince(from)).toEqual(new Set(["s1", "s2", "s3"]));
  }, 320_000);

  it("0.2 line: the 2025-11-25 requirement set, with wire-schema checks", async () => {
    const from = cluster().accessLog.length;
    const run = await runSuite("next", ["server", "--url", cluster().url, "--requirements", "2025-11-25", "--expected-failures", baseline], 300_000);
    expect(run.output).toMatch(/passed/);
    expect(run.code, `${run.output}\n${cluster().output()}`).toBe(0);
    expect(backendsSince(from)).toEqual(new Set(["s1", "s2", "s3"]));
  }, 320_000);

  it("0.2 line: the 2026-07-28 requirement set (stateless), pending scenarios included", async () => {
    const from = cluster().accessLog.length;
    const run = await runSuite("next", ["server", "--url", cluster().url, "--requirements", "2026-07-28", "--expected-failures", baselineStateless], 300_000);
    expect(run.output).toMatch(/passed/);
    expect(run.code, `${run.output}\n${cluster().output()}`).toBe(0);
    expect(backendsSince(from)).toEqual(new Set(["s1", "s2", "s3"]));
  }, 320_000);
});
