/**
 * `turbomcp init` end to end, as a user would do it: pack this package, create a
 * project outside the repository, install it (with the packed turbomcp), then
 * generate, check, build and start it and call its example tool with the official
 * MCP SDK client. Slow (an npm install), so it is one test.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec } from "../helpers/exec.js";
import { repoRoot } from "../helpers/scratch.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let workDir: string;
let tarball: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "turbomcp-init-"));
  // `npm pack` runs the prepack build, so the tarball holds the current dist/.
  const packed = await exec(npm, ["pack", "--json", "--pack-destination", workDir], { cwd: repoRoot, timeoutMs: 180_000 });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string }[];
  tarball = path.join(workDir, info?.filename ?? "missing.tgz");
}, 240_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("turbomcp init", () => {
  it("creates a project that installs, generates, checks, builds and serves", async () => {
    const cli = path.join(repoRoot, "packages/cli/bin/turbomcp.js");
    const init = await exec(process.execPath, [cli, "init", "my-server"], { cwd: workDir, timeoutMs: 60_000 });
    expect(init.stdout).toContain("turbomcp: created my-server");
    const project = path.join(workDir, "my-server");
    const manifest = JSON.parse(readFileSync(path.join(project, "manifest.json"), "utf8")) as { server: { name: string } };
    expect(manifest.server.name).toBe("my-server");
    expect(readFileSync(path.join(project, ".github/workflows/turbomcp-check.yml"), "utf8")).toContain("npx turbomcp check manifest.json");

    await exec(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: project, timeoutMs: 300_000 });
    const generate = await exec(npm, ["exec", "--", "turbomcp", "generate", "manifest.json"], { cwd: project, timeoutMs: 60_000 });
    expect(generate.stdout).toContain("0 written, 0 stubs created");
    await exec(npm, ["exec", "--", "turbomcp", "check", "--strict", "manifest.json"], { cwd: project, timeoutMs: 120_000 });
    await exec(npm, ["run", "build"], { cwd: project, timeoutMs: 120_000 });

    // The built server, and the same project served from its sources with no build step.
    const installedCli = path.join(project, "node_modules/turbomcp/bin/turbomcp.js");
    for (const args of [
      ["dist/generated/server.gen.js", "--transport", "stdio"],
      [installedCli, "serve", "manifest.json", "--transport", "stdio"],
    ]) {
      const client = new Client({ name: "init-test", version: "1.0.0" });
      await client.connect(new StdioClientTransport({ command: process.execPath, args, cwd: project, stderr: "pipe" }));
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(["greet"]);
        const result = await client.callTool({ name: "greet", arguments: { name: "Ada" } });
        expect(result.structuredContent).toEqual({ greeting: "Hello, Ada!" });
      } finally {
        await client.close();
      }
    }
  }, 600_000);

  it("refuses a folder that is not empty", async () => {
    const cli = path.join(repoRoot, "packages/cli/bin/turbomcp.js");
    await expect(exec(process.execPath, [cli, "init", "."], { cwd: workDir, timeoutMs: 60_000 })).rejects.toThrow(/folder exists and is not empty/);
  });
});
