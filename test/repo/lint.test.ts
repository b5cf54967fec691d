/** The repository passes ESLint with type-aware rules (eslint.config.js). */
import path from "node:path";
import { expect, it } from "vitest";
import { exec } from "../helpers/exec.js";
import { repoRoot } from "../helpers/scratch.js";

it("passes eslint", async () => {
  const eslint = path.join(repoRoot, "node_modules/eslint/bin/eslint.js");
  const result = await exec(process.execPath, [eslint, "."], { cwd: repoRoot, timeoutMs: 300_000 }).catch((error: Error) => ({
    stdout: error.message,
    stderr: "",
  }));
  expect(result.stdout).toBe("");
}, 300_000);
