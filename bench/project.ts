/**
 * A throw-away project for the benchmark, under the repository's git-ignored `.tmp/`
 * so the generated code resolves `@turbomcp/runtime` to this checkout (the package's
 * self-reference). Its tsconfig is the one `turbomcp init` writes, so the type check
 * reads the runtime's published declarations (packages/runtime/dist), as a user's
 * project does, not its sources.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFile } from "node:child_process";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BenchProject {
  readonly dir: string;
  readonly manifestPath: string;
  remove(): void;
}

export function createBenchProject(manifest: unknown): BenchProject {
  const base = path.join(repoRoot, ".tmp");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, "bench-generator-"));
  writeFileSync(path.join(dir, "tsconfig.json"), readFileSync(path.join(repoRoot, "packages/cli/templates/init/tsconfig.json.hbs"), "utf8"));
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "bench-generator", private: true, type: "module" }, null, 2)}\n`);
  const manifestPath = path.join(dir, "manifest.json");
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifestPath, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI (`bin/turbomcp.js`, what users run) in a fresh process, so the
 * time includes start-up and nothing is warm from an earlier stage.
 */
export function runBuiltCli(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, "packages/cli/bin/turbomcp.js"), ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 2;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The counts from generate's summary line, e.g. "3 written, 0 stubs created, 2 unchanged, 9 handlers kept". */
export function generateSummary(stdout: string): { written: number; created: number; unchanged: number } | undefined {
  const match = /(\d+) written, (\d+) stubs created, (\d+) unchanged/.exec(stdout);
  if (match === null) return undefined;
  return { written: Number(match[1]), created: Number(match[2]), unchanged: Number(match[3]) };
}
