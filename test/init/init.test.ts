/**
 * `turbomcp init` end to end from packed tarballs, as a user without a registry
 * release would do it: pack both packages, install them into a tools folder, run
 * `init` from there, then install, generate, check, build and start the new project
 * and call its example tool with the official MCP SDK client. Slow (npm installs),
 * so it is one test. The clone path is the README tutorial test.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDockerfileSteps } from "../helpers/dockerfile-steps.js";
import { exec } from "../helpers/exec.js";
import { freePort } from "../helpers/free-port.js";
import { repoRoot } from "../helpers/scratch.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const quiet = ["--prefer-offline", "--no-audit", "--no-fund"];
/** What a production install of a generated server must never carry. */
const TOOLCHAIN = ["typescript", "ts-morph", "handlebars", "json-schema-to-typescript", "tsx", "turbomcp", "@modelcontextprotocol/sdk", "vitest"];
let workDir: string;
let tarballs: { runtime: string; cli: string };

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), "turbomcp-init-"));
  mkdirSync(path.join(workDir, "tarballs"));
  // `npm pack` runs each package's prepack build, so the tarballs hold the current dist/.
  const packed = await exec(npm, ["pack", "--workspaces", "--json", "--pack-destination", path.join(workDir, "tarballs")], {
    cwd: repoRoot,
    timeoutMs: 240_000,
  });
  const infos = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { name: string; filename: string }[];
  const file = (name: string): string => path.join(workDir, "tarballs", infos.find((info) => info.name === name)?.filename ?? `missing-${name}.tgz`);
  tarballs = { runtime: file("@turbomcp/runtime"), cli: file("turbomcp") };
}, 300_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("turbomcp init from packed tarballs", () => {
  it("creates a project that depends on the tarballs, installs, generates, checks, builds and serves", async () => {
    const tools = path.join(workDir, "tools");
    mkdirSync(tools);
    writeFileSync(path.join(tools, "package.json"), `${JSON.stringify({ name: "tools", private: true })}\n`);
    await exec(npm, ["install", ...quiet, tarballs.runtime, tarballs.cli], { cwd: tools, timeoutMs: 300_000 });

    const init = await exec(npm, ["exec", "--", "turbomcp", "init", "my-server"], { cwd: tools, timeoutMs: 60_000 });
    expect(init.stdout).toContain("turbomcp: created my-server");
    const project = path.join(tools, "my-server");
    const manifest = JSON.parse(readFileSync(path.join(project, "manifest.json"), "utf8")) as { server: { name: string } };
    expect(manifest.server.name).toBe("my-server");
    expect(readFileSync(path.join(project, ".github/workflows/turbomcp-check.yml"), "utf8")).toContain("npx turbomcp check manifest.json");
    const pkg = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const relative = (tarball: string): string => `file:${path.relative(project, tarball)}`;
    expect(pkg.dependencies).toEqual({ "@turbomcp/runtime": relative(tarballs.runtime) });
    expect(pkg.devDependencies.turbomcp).toBe(relative(tarballs.cli));

    await exec(npm, ["install", ...quiet], { cwd: project, timeoutMs: 300_000 });
    const generate = await exec(npm, ["exec", "--", "turbomcp", "generate", "manifest.json"], { cwd: project, timeoutMs: 60_000 });
    expect(generate.stdout).toContain("0 written, 0 stubs created");
    await exec(npm, ["exec", "--", "turbomcp", "check", "--strict", "manifest.json"], { cwd: project, timeoutMs: 120_000 });
    await exec(npm, ["run", "build"], { cwd: project, timeoutMs: 120_000 });
    // The first test init wrote: the generated typed client, in process.
    const tested = await exec(npm, ["test"], { cwd: project, timeoutMs: 120_000, env: { ...process.env, CI: "1", NO_COLOR: "1" } });
    expect(tested.stdout).toMatch(/Tests\s+2 passed \(2\)/);

    // The production install (what `npm install --omit=dev` keeps) carries no compiler or generator.
    const production = await exec(npm, ["ls", "--omit=dev", "--all", "--parseable"], { cwd: project, timeoutMs: 60_000 });
    const names = production.stdout
      .split("\n")
      .filter((line) => line.includes("node_modules"))
      .map((line) => line.slice(line.lastIndexOf("node_modules") + "node_modules/".length));
    expect(names).toContain("@turbomcp/runtime");
    expect(names.filter((name) => TOOLCHAIN.includes(name))).toEqual([]);

    // The Dockerfile init wrote, its steps run as plain commands (no container engine on
    // this machine): the stages are folders beside the project, so its file: tarballs resolve.
    const image = await runDockerfileSteps(readFileSync(path.join(project, "Dockerfile"), "utf8"), project, tools);
    expect(image.user).toBe("node");
    expect(TOOLCHAIN.filter((name) => existsSync(path.join(image.dir, "node_modules", name)))).toEqual([]);
    expect(existsSync(path.join(image.dir, "node_modules/@turbomcp/runtime"))).toBe(true);
    const port = String(await freePort());
    const withPort = (args: readonly string[]): string[] => args.map((arg) => arg.replace(":3000/", `:${port}/`));
    const running = spawn(image.cmd[0] ?? "node", image.cmd.slice(1), {
      cwd: image.dir,
      env: { ...process.env, ...image.env, TURBOMCP_PORT: port },
      stdio: "ignore",
    });
    try {
      // The image's HEALTHCHECK command, as Docker would run it, until the server is ready.
      let healthy = false;
      for (let attempt = 0; attempt < 50 && !healthy; attempt++) {
        healthy = await exec(image.healthcheck[0] ?? "node", withPort(image.healthcheck.slice(1)), { cwd: image.dir, timeoutMs: 5_000 }).then(
          () => true,
          async () => {
            await new Promise((resolve) => setTimeout(resolve, 200));
            return false;
          },
        );
      }
      expect(healthy).toBe(true);
      const client = new Client({ name: "init-docker-test", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
      try {
        expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["greet"]);
      } finally {
        await client.close();
      }
    } finally {
      running.kill("SIGTERM");
    }

    // The built server, and the same project served from its sources with no build step.
    const installedCli = path.join(project, "node_modules/turbomcp/bin/turbomcp.js");
    for (const args of [
      ["dist/generated/server.gen.js", "--transport", "stdio"],
      [installedCli, "serve", "manifest.json", "--transport", "stdio"],
    ]) {
      const client = new Client({ name: "init-test", version: "1.0.0" });
      await client.connect(new StdioClientTransport({ command: process.execPath, args, cwd: project, stderr: "pipe" }));
      try {
        const { tools: listed } = await client.listTools();
        expect(listed.map((tool) => tool.name)).toEqual(["greet"]);
        const result = await client.callTool({ name: "greet", arguments: { name: "Ada" } });
        expect(result.structuredContent).toEqual({ greeting: "Hello, Ada!" });
      } finally {
        await client.close();
      }
    }
  }, 900_000);

  it("refuses a folder that is not empty", async () => {
    const cli = path.join(repoRoot, "packages/cli/bin/turbomcp.js");
    await expect(exec(process.execPath, [cli, "init", "."], { cwd: workDir, timeoutMs: 60_000 })).rejects.toThrow(/folder exists and is not empty/);
  });
});
