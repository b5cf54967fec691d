import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The package imports itself as `turbomcp/runtime`; tests must run the TypeScript
    // sources, never a stale dist/ that Node's self-reference would find.
    alias: [{ find: /^turbomcp\/runtime$/, replacement: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) }],
    conditions: ["turbomcp-source"],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The JSON report feeds the plain "N passed, N failed" line that .ci/run prints last.
    reporters: ["default", ["json", { outputFile: ".tmp/vitest-report.json" }]],
  },
});
