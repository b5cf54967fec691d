/**
 * Smoke run of `npm run bench`: every server of the benchmark starts in its own
 * process, answers each workload correctly (every answer is checked for the right
 * result) and stops. No timing is asserted: a benchmark is not a test, and its
 * figures come from `npm run bench` on a quiet machine.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TARGETS } from "../../bench/load/targets.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function runSmoke(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The sources, as the rest of the suite runs them (no dist/ on a fresh clone).
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=turbomcp-source", "bench/run.ts", "--smoke"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run bench -- --smoke", () => {
  it("starts every server, gets correct answers for every workload, times cold starts, installs a generated server, runs the cluster workloads and reports ratios", async () => {
    const { code, stdout, stderr } = await runSmoke();
    expect(stderr).not.toContain("FAILED");
    expect(code, stderr.slice(-3000)).toBe(0);
    for (const target of TARGETS) expect(stdout).toContain(target.label);
    for (const section of [
      "tools/call add",
      "tools/list, 1,000 tools",
      "idle memory per session",
      "stdio tools/call add",
      "tools/call add through HAProxy",
      "resource update notification on a session's GET stream",
      "cold start: spawn to initialize reply",
      "install size: npm install --omit=dev",
      "Ratios (same run)",
      "Targets",
      "turbomcp tools/call throughput",
    ]) {
      expect(stdout).toContain(section);
    }
    // The production install of a generated server runs it, unless npm had no registry (then the smoke run says so).
    expect(stdout).toMatch(/turbomcp generated server .*(none +yes|skipped: npm could not reach the registry)/);
  }, 600_000);
});
