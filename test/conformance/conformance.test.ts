/**
 * The official MCP conformance suite against examples/everything over Streamable
 * HTTP on loopback. Known gaps are listed in baseline-*.yml; the suite fails the
 * run on any other failure and on a listed scenario that starts to pass.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/scratch.js";
import { runSuite } from "./suite.js";

let server: ChildProcess;
let url: string;

beforeAll(async () => {
  server = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=turbomcp-source",
      path.join(repoRoot, "examples/everything/src/generated/server.gen.ts"),
      "--transport",
      "http",
      "--port",
      "0",
    ],
    { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] },
  );
  url = await new Promise<string>((resolve, reject) => {
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 30_000);
    server.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /MCP endpoint \(Streamable HTTP\): (http:\/\/\S+)/.exec(stderr);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}, 60_000);

afterAll(() => {
  server.kill("SIGTERM");
});

const baseline = path.join(repoRoot, "test/conformance/baseline-2025-11-25.yml");
const baselineStateless = path.join(repoRoot, "test/conformance/baseline-2026-07-28.yml");

describe("MCP conformance suite, server scenarios", () => {
  it("0.1.x: every 2025-11-25 scenario, pending ones included", async () => {
    const run = await runSuite("stable", ["server", "--url", url, "--suite", "all", "--spec-version", "2025-11-25", "--expected-failures", baseline], 300_000);
    expect(run.output).toMatch(/Total: \d+ passed/);
    expect(run.code, run.output).toBe(0);
  }, 320_000);

  it("0.2 line: the 2025-11-25 requirement set, with wire-schema checks", async () => {
    const run = await runSuite("next", ["server", "--url", url, "--requirements", "2025-11-25", "--expected-failures", baseline], 300_000);
    expect(run.output).toMatch(/passed/);
    expect(run.code, run.output).toBe(0);
  }, 320_000);

  it("0.2 line: the 2026-07-28 requirement set (stateless), pending scenarios included", async () => {
    const run = await runSuite("next", ["server", "--url", url, "--requirements", "2026-07-28", "--expected-failures", baselineStateless], 300_000);
    expect(run.output).toMatch(/passed/);
    expect(run.code, run.output).toBe(0);
  }, 320_000);
});
