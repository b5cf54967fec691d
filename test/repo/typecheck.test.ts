/** The whole repository (runtime, generator, tests, examples, bench) compiles under the strict tsconfig. */
import path from "node:path";
import { expect, it } from "vitest";
import { exec } from "../helpers/exec.js";
import { repoRoot } from "../helpers/scratch.js";

it("type-checks with tsc --noEmit", async () => {
  const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
  const result = await exec(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"], { cwd: repoRoot, timeoutMs: 300_000 }).catch((error: Error) => ({
    stdout: error.message,
    stderr: "",
  }));
  expect(result.stdout).toBe("");
}, 300_000);
