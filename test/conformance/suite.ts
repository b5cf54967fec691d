/**
 * Runs the official MCP conformance suite (installed as a dev dependency, in two
 * lines: 0.1.x and the 0.2 alphas) against a server URL. Node 20 lacks
 * `fs.globSync`, which the suite imports; the preload in node20-shim/ adds it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../helpers/scratch.js";

export const SUITES = {
  /** `latest`: the 2025-11-25 server scenarios. */
  stable: path.join(repoRoot, "node_modules/@modelcontextprotocol/conformance/dist/index.js"),
  /** The 0.2 line (npm alias mcp-conformance-next), which adds the 2026-07-28 scenarios. */
  next: path.join(repoRoot, "node_modules/mcp-conformance-next/dist/index.js"),
} as const;

const SHIM = path.join(repoRoot, "test/conformance/node20-shim/register.mjs");

export interface SuiteRun {
  readonly code: number;
  readonly output: string;
}

/** How to start a suite: this Node, the suite's entry with `args`, and an environment with the Node 20 shim preloaded and colours off. */
export function suiteCommand(suite: keyof typeof SUITES, args: readonly string[]): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  return { file: process.execPath, args: [SUITES[suite], ...args], env: { ...process.env, NODE_OPTIONS: `--import=${SHIM}`, NO_COLOR: "1", FORCE_COLOR: "0" } };
}

export function runSuite(suite: keyof typeof SUITES, args: readonly string[], timeoutMs: number): Promise<SuiteRun> {
  const results = mkdtempSync(path.join(os.tmpdir(), "turbomcp-conformance-"));
  const command = suiteCommand(suite, [...args, "-o", results]);
  return new Promise((resolve) => {
    execFile(command.file, command.args, { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: command.env }, (error, stdout, stderr) => {
      rmSync(results, { recursive: true, force: true });
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}
