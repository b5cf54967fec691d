/**
 * Every example's committed generated code matches its manifest and its handlers
 * are all implemented, so drift in an example fails CI.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { exec } from "../helpers/exec.js";
import { repoRoot } from "../helpers/scratch.js";

const examples = readdirSync(path.join(repoRoot, "examples")).filter((name) => existsSync(path.join(repoRoot, "examples", name, "manifest.json")));

describe.each(examples)("example %s", (example) => {
  // A full type check of the example with the runtime's sources (its tsconfig resolves them): 25 s and more beside other test files.
  it("is in sync with its manifest and fully implemented (check --strict)", { timeout: 120_000 }, async () => {
    // --full: also catches generator changes that keep the version (fingerprints would not).
    const result = await runCli(["check", "--strict", "--full", "manifest.json"], path.join(repoRoot, "examples", example));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("passes its own client script (its generated typed client, on the official SDK client)", async () => {
    const client = path.join(repoRoot, "examples", example, "client.ts");
    const result = await exec(process.execPath, ["--import", "tsx", "--conditions=turbomcp-source", client], { cwd: repoRoot, timeoutMs: 120_000 });
    expect(result.stdout).toMatch(/all checks passed/);
  }, 130_000);
});
