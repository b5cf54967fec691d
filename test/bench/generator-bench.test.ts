/**
 * Smoke test of the generator benchmark's inputs: the synthetic manifest is valid
 * and generates code that passes `check` (with the type check). No timing: the
 * numbers come from `npm run bench:generator`. Generous timeouts: validator
 * emission is slow on a busy machine (see bench/generator.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BenchProject, createBenchProject, generateSummary } from "../../bench/project.js";
import { buildSyntheticManifest } from "../../bench/synthetic-manifest.js";
import { runCli } from "../helpers/cli.js";

describe("bench:generator synthetic manifest (20 tools)", () => {
  let project: BenchProject;
  beforeAll(() => {
    project = createBenchProject(buildSyntheticManifest({ tools: 20, others: 2 }));
  });
  afterAll(() => project.remove());

  it("generates, then finds nothing to write on the second run", async () => {
    const first = await runCli(["generate", "manifest.json"], project.dir);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(generateSummary(first.stdout)?.created).toBeGreaterThan(20);

    const second = await runCli(["generate", "manifest.json"], project.dir);
    expect(second.code).toBe(0);
    expect(generateSummary(second.stdout)).toMatchObject({ written: 0, created: 0 });
  }, 120_000);

  it("passes check with and without the type check", async () => {
    const typed = await runCli(["check", "manifest.json"], project.dir);
    expect(typed.stderr).toBe("");
    expect(typed.code).toBe(0);
    const untyped = await runCli(["check", "--no-typecheck", "manifest.json"], project.dir);
    expect(untyped.code).toBe(0);
  }, 120_000);
});
