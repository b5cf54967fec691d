/**
 * Smoke test of the import benchmark's input: the synthetic description imports, one
 * tool per operation, and generates; importing it again changes nothing. The figures
 * come from `npm run bench:import`.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticDescription } from "../../bench/synthetic-openapi.js";
import { runCli } from "../helpers/cli.js";
import { scratchProject } from "../helpers/scratch.js";

const scratch = scratchProject("import-bench");
afterAll(() => scratch.remove());

describe("the import benchmark's description", () => {
  it("imports one tool per operation, generates, and imports again unchanged", async () => {
    writeFileSync(path.join(scratch.dir, "openapi.json"), JSON.stringify(syntheticDescription(30)));
    const first = await runCli(["import", "openapi", "openapi.json"], scratch.dir);
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("(30 added, 0 changed, 0 removed, 0 unchanged)");
    const generated = await runCli(["generate", "--quiet", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    const again = await runCli(["import", "openapi", "openapi.json"], scratch.dir);
    expect(again.stdout).toContain("(0 added, 0 changed, 0 removed, 30 unchanged)");
  }, 120_000);
});
