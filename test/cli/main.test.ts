/** The CLI's exit codes and messages for usage errors, help, version and internal bugs. */
import { describe, expect, it } from "vitest";
import { run } from "../../packages/cli/src/cli/main.js";
import { runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/scratch.js";

describe("turbomcp CLI", () => {
  it("prints its version and exits 0", async () => {
    const result = await runCli(["--version"], repoRoot);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("treats an unknown command as a user error (exit 1)", async () => {
    const result = await runCli(["frobnicate"], repoRoot);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it("reports a bug in turbomcp with exit 2 and a stack trace", async () => {
    let stderr = "";
    // A writer that throws stands in for any unexpected failure inside a command.
    const code = await run(["node", "turbomcp", "check", "--no-typecheck", "examples/calculator/manifest.json"], {
      cwd: repoRoot,
      stdout: () => {
        throw new Error("simulated bug");
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    expect(code).toBe(2);
    expect(stderr).toContain("turbomcp: internal error, please report it:\nError: simulated bug\n    at ");
  });
});
