/** The repository is formatted by Prettier (.prettierrc.json); `npm run format` fixes it. */
import path from "node:path";
import { expect, it } from "vitest";
import { exec } from "../helpers/exec.js";
import { repoRoot } from "../helpers/scratch.js";

it("is formatted with prettier", async () => {
  const prettier = path.join(repoRoot, "node_modules/prettier/bin/prettier.cjs");
  const result = await exec(process.execPath, [prettier, "--check", "--log-level", "warn", "."], { cwd: repoRoot, timeoutMs: 120_000 }).catch(
    (error: Error) => ({
      stdout: error.message,
      stderr: "",
    }),
  );
  expect(result.stdout).toBe("");
}, 120_000);
