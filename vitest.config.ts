import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // `@turbomcp/runtime` is a workspace package: tests run its TypeScript sources
    // (its `turbomcp-source` export condition), never a stale dist/.
    conditions: ["turbomcp-source"],
  },
  ssr: { resolve: { conditions: ["turbomcp-source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // vitest's default on 2 cores is one worker, so the suite ran file after file; most
    // files wait on processes and sockets rather than compute, and two at once halves the
    // wall time (a full run on the 2-core CI machine: about 12 minutes instead of 20).
    maxWorkers: 2,
    // The JSON report feeds the plain "N passed, N failed" line that .ci/run prints last.
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-report.json" }]],
  },
});
