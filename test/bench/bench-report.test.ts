/**
 * The benchmark's arithmetic and bookkeeping that a run does not check by itself:
 * cold-start statistics, the node_modules walk of the install size, the targets of
 * both, and the throughput figures set against a baseline file.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baselineDifferences, readBaseline } from "../../bench/load/baseline.js";
import { spawnStats } from "../../bench/load/cold-start.js";
import { COMPILER_PACKAGES, walkNodeModules } from "../../bench/load/install-size.js";
import { clusterCallId, NOTIFY_PLACEMENTS } from "../../bench/load/cluster-labels.js";
import { checkTargets, computeRatios, formatRatios, throughputFigures } from "../../bench/load/report.js";
import type { ResultRow } from "../../bench/load/results.js";

function scratch<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-report-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("spawnStats", () => {
  it("takes the mean of the middle two for an even count, p90 by nearest rank", () => {
    // Shuffled 10..100: median (50 + 60) / 2, p90 the 9th of 10.
    expect(spawnStats([100, 10, 90, 20, 80, 30, 70, 40, 60, 50])).toEqual({ median: 55, p90: 90, min: 10 });
    expect(spawnStats([3, 1, 2])).toEqual({ median: 2, p90: 3, min: 1 });
    expect(spawnStats([7])).toEqual({ median: 7, p90: 7, min: 7 });
  });
});

describe("walkNodeModules", () => {
  it("counts every package once per copy, scoped and nested ones too, and the bytes of every file", () =>
    scratch((dir) => {
      const modules = path.join(dir, "node_modules");
      const file = (relative: string, bytes: number): void => {
        mkdirSync(path.dirname(path.join(modules, relative)), { recursive: true });
        writeFileSync(path.join(modules, relative), "x".repeat(bytes));
      };
      file("express/package.json", 10);
      file("express/lib/index.js", 100);
      // A package's own folder named like a package, with a package.json of its own: not a package.
      file("express/lib/router/package.json", 5);
      file("@scope/tool/package.json", 20);
      file("@scope/tool/node_modules/typescript/package.json", 30);
      file("@scope/tool/node_modules/typescript/lib/tsc.js", 1000);
      file(".package-lock.json", 7);
      // A folder without package.json (left by an interrupted install) holds bytes, not a package.
      file("leftover/readme.txt", 3);
      mkdirSync(path.join(modules, ".bin"));
      symlinkSync("../@scope/tool/node_modules/typescript/lib/tsc.js", path.join(modules, ".bin", "tsc"));
      const linkBytes = "../@scope/tool/node_modules/typescript/lib/tsc.js".length;

      const facts = walkNodeModules(modules);
      expect(facts.packages).toBe(3);
      expect([...facts.names].sort()).toEqual(["@scope/tool", "express", "typescript"]);
      expect(facts.bytes).toBe(10 + 100 + 5 + 20 + 30 + 1000 + 7 + 3 + linkBytes);
      expect(COMPILER_PACKAGES.filter((name) => facts.names.has(name))).toEqual(["typescript"]);
    }));
});

const row = (fields: Partial<ResultRow> & Pick<ResultRow, "target" | "workload">): ResultRow => ({ label: fields.target, failures: 0, ...fields });

describe("cold start and install size targets", () => {
  it("judges turbomcp's median against SDK v1's and 200 ms, and the install against 25 MB and no compiler", () => {
    const rows = [
      row({ target: "turbomcp-stdio", workload: "cold-start", p50Ms: 150 }),
      row({ target: "sdk-v1-stdio", workload: "cold-start", p50Ms: 140 }),
      row({ target: "stdio-echo", workload: "cold-start", p50Ms: 40 }),
      row({ target: "turbomcp", workload: "install-size", bytes: 26_000_000, compilers: [] }),
      row({ target: "sdk-v1", workload: "install-size", bytes: 20_000_000, compilers: [] }),
    ];
    const checks = checkTargets(rows, 50);
    const verdict = (what: RegExp): boolean | undefined => checks.find((check) => what.test(check.what))?.met;
    expect(verdict(/cold start .* vs SDK v1/)).toBe(false);
    expect(verdict(/cold start .*, turbomcp/)).toBe(true);
    expect(verdict(/production install/)).toBe(false);
    expect(verdict(/compiler or generator/)).toBe(true);
    expect(checks.find((check) => /production install/.test(check.what))?.ceiling).toBe("SDK v1: 20.0 MB");
  });

  it("has no verdict for a skipped install", () => {
    const rows = [row({ target: "turbomcp", workload: "install-size", skipped: "no registry" })];
    expect(checkTargets(rows, 50)).toEqual([]);
  });
});

describe("auth target", () => {
  it("judges each bearer scheme on its paired ratio against the API key, at the high concurrency only", () => {
    const auth = "turbomcp, 2026-07-28 stateless, auth";
    const rows = [
      row({ target: "turbomcp-auth-apikey", label: `${auth}: API key`, workload: "call-auth", concurrency: 50, requestsPerSecond: 1000 }),
      row({ target: "turbomcp-auth-jwt", label: `${auth}: JWT ES256 (jwt scheme)`, workload: "call-auth", concurrency: 50, pairedRatio: 0.95 }),
      row({ target: "turbomcp-auth-oauth2", label: `${auth}: JWT ES256 (oauth2 scheme)`, workload: "call-auth", concurrency: 50, pairedRatio: 0.85 }),
      row({ target: "turbomcp-auth-jwt", label: `${auth}: JWT ES256 (jwt scheme)`, workload: "call-auth", concurrency: 1, pairedRatio: 0.5 }),
    ];
    expect(checkTargets(rows, 50).map(({ what, measured, met }) => [what, measured, met])).toEqual([
      ["tools/call c=50, JWT ES256 (jwt scheme) vs API key (alternating runs)", "95.0%", true],
      ["tools/call c=50, JWT ES256 (oauth2 scheme) vs API key (alternating runs)", "85.0%", false],
    ]);
  });
});

describe("cluster targets", () => {
  const call = (state: "memory" | "redis", era: "modern" | "session", concurrency: number, fields: Partial<ResultRow> = {}): ResultRow =>
    row({ target: clusterCallId(state, era), workload: "cluster-call", concurrency, requestsPerSecond: 1000, ...fields });
  const notify = (placement: keyof typeof NOTIFY_PLACEMENTS, p50Ms: number, failures = 0): ResultRow =>
    row({ target: NOTIFY_PLACEMENTS[placement].id, workload: "cluster-notify", p50Ms, p90Ms: p50Ms, p99Ms: p50Ms, count: 500, failures });

  it("judges Redis-backed sessions on the pairs' median at the high concurrency, with the stateless ratio beside it", () => {
    const rows = [
      call("memory", "session", 50),
      call("redis", "session", 50, { pairedRatio: 0.86 }),
      call("memory", "modern", 50),
      call("redis", "modern", 50, { pairedRatio: 0.9 }),
      call("memory", "session", 1),
      call("redis", "session", 1, { pairedRatio: 0.5 }),
    ];
    const checks = checkTargets(rows, 50);
    expect(checks.map(({ what, measured, met, ceiling }) => [what, measured, met, ceiling])).toEqual([
      ["tools/call c=50 via HAProxy, 2025-11-25 sessions in Redis vs in memory (alternating runs)", "86.0%", true, "2026-07-28 stateless: 90.0%"],
    ]);
    expect(checkTargets([call("memory", "session", 50), call("redis", "session", 50, { pairedRatio: 0.84 })], 50)[0]?.met).toBe(false);
    // Redis over memory per era and concurrency, in a table of its own, never against the single-server peers.
    const ratios = computeRatios(rows);
    expect(ratios.map((ratio) => [ratio.ours, ratio.peer, ratio.concurrency, ratio.ratio])).toEqual([
      ["cluster-redis-sessions", "cluster-memory-sessions", 50, 0.86],
      ["cluster-redis-stateless", "cluster-memory-stateless", 50, 0.9],
      ["cluster-redis-sessions", "cluster-memory-sessions", 1, 0.5],
    ]);
    expect(formatRatios(ratios)).toMatch(/2025-11-25 sessions +50\.0% +86\.0%/);
  });

  it("has no verdict when a side failed", () => {
    expect(checkTargets([call("memory", "session", 50, { failures: 1 }), call("redis", "session", 50, { pairedRatio: 0.9 })], 50)).toEqual([]);
    expect(checkTargets([notify("single", 0.4), notify("cross", 0.9, 1)], 50)).toEqual([]);
  });

  it("judges the notification crossing instances on its p50 over the one instance's", () => {
    const checks = checkTargets([notify("single", 0.4), notify("same", 0.8), notify("cross", 1.1)], 50);
    expect(checks.map(({ measured, met }) => [measured, met])).toEqual([["0.70 ms (1.10 vs 0.40)", true]]);
    expect(checkTargets([notify("single", 0.4), notify("cross", 2.5)], 50)[0]?.met).toBe(false);
  });
});

describe("throughput figures against a baseline", () => {
  const current = [
    row({ target: "turbomcp-stateless", workload: "call", concurrency: 1, requestsPerSecond: 110 }),
    row({ target: "turbomcp-stateless", workload: "call", concurrency: 50, requestsPerSecond: 300 }),
    row({ target: "turbomcp-stdio", workload: "stdio-call", concurrency: 1, requestsPerSecond: 90 }),
    row({ target: "turbomcp-sessions", workload: "call", concurrency: 1, requestsPerSecond: 5, failures: 2 }),
    row({ target: "sdk-v1-stateful", workload: "call", concurrency: 1, requestsPerSecond: 50 }),
    row({ target: "turbomcp-stateless", workload: "list-1000", concurrency: 1, requestsPerSecond: 40 }),
  ];
  const baseline = [
    row({ target: "turbomcp-stateless", workload: "call", concurrency: 1, requestsPerSecond: 100 }),
    row({ target: "turbomcp-stateless", workload: "call", concurrency: 50, requestsPerSecond: 400, failures: 1 }),
    row({ target: "turbomcp-stdio", workload: "stdio-call", concurrency: 1, requestsPerSecond: 100 }),
  ];

  it("pairs turbomcp's tools/call figures by target, workload and concurrency, leaving out peers, other workloads and failed runs", () => {
    const figures = throughputFigures(current, baseline);
    expect(figures.map((figure) => [figure.target, figure.concurrency, figure.vsBaseline])).toEqual([
      ["turbomcp-stateless", 1, 1.1],
      // The baseline's figure failed: nothing to compare with.
      ["turbomcp-stateless", 50, undefined],
      ["turbomcp-stdio", 1, 0.9],
    ]);
  });

  it("reads a --json file and says how its run differs", () =>
    scratch((dir) => {
      const file = path.join(dir, "baseline.json");
      writeFileSync(
        file,
        JSON.stringify({ machine: "A", pinned: true, date: "D", settings: { durationSeconds: 2, warmupSeconds: 1, rounds: 3 }, results: baseline }),
      );
      const read = readBaseline(file);
      expect(read.results).toHaveLength(3);
      expect(baselineDifferences(read, { machine: "A", pinned: true, durationSeconds: 2, warmupSeconds: 1, rounds: 3 })).toEqual([]);
      expect(baselineDifferences(read, { machine: "B", pinned: false, durationSeconds: 5, warmupSeconds: 1, rounds: 1 })).toEqual([
        "machine was A",
        "it was pinned",
        "duration 2 s (now 5 s)",
        "rounds 3 (now 1)",
      ]);
      writeFileSync(file, JSON.stringify({ rows: [] }));
      expect(() => readBaseline(file)).toThrow(/not the output of --json/);
    }));
});
