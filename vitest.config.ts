import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Resolve `turbomcp/runtime` to the TypeScript sources (see package.json "exports").
    conditions: ["turbomcp-source"],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
