/**
 * `turbomcp export bundle`: the calculator example, built, packed as an MCP
 * Bundle with `@anthropic-ai/mcpb`; the bundle is unpacked in a temporary folder
 * outside the repository (so nothing resolves to this checkout's node_modules),
 * its manifest passes mcpb's own schema, it holds production dependencies only,
 * and its server, started as the manifest says, answers the official SDK v1
 * client over stdio.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unpackExtension, v0_4 } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { exec } from "../helpers/exec.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
let scratch: Scratch;
let unpacked: string;

beforeAll(async () => {
  // The bundle carries the runtime's built dist/, as an install from the registry would.
  await exec(process.execPath, [tsc, "-p", "packages/runtime/tsconfig.build.json"], { cwd: repoRoot, timeoutMs: 120_000 });
  scratch = scratchProject("export-bundle", path.join(repoRoot, "examples/calculator"));
  const project = {
    name: "calculator-mcp",
    version: "1.0.0",
    type: "module",
    author: "Example Maintainer <maintainer@example.com>",
    license: "MIT",
    dependencies: { "@turbomcp/runtime": "0.1.0" },
    devDependencies: { "@modelcontextprotocol/sdk": "1.32.2", typescript: "6.0.3" },
  };
  writeFileSync(path.join(scratch.dir, "package.json"), `${JSON.stringify(project, null, 2)}\n`);
  const manifestFile = path.join(scratch.dir, "manifest.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
  manifest["distribution"] = { environment: [{ name: "CALC_NOTE", description: "Any note", required: false }] };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  const build = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      rootDir: "src",
      outDir: "dist",
      types: ["node"],
    },
    include: ["src"],
  };
  writeFileSync(path.join(scratch.dir, "tsconfig.build.json"), `${JSON.stringify(build)}\n`);
  await exec(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: scratch.dir, timeoutMs: 120_000 });
  unpacked = mkdtempSync(path.join(os.tmpdir(), "turbomcp-unpacked-"));
}, 300_000);

afterAll(() => {
  scratch.remove();
  rmSync(unpacked, { recursive: true, force: true });
});

it("packs the built server with its production dependencies, and the unpacked bundle serves the SDK client", async () => {
  const result = await runCli(["export", "bundle"], scratch.dir);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^ {2}wrote {4}calculator-1\.0\.0\.mcpb {2}\(\d+ bytes, \d+ production packages\)\n$/);
  expect(await unpackExtension({ mcpbPath: path.join(scratch.dir, "calculator-1.0.0.mcpb"), outputDir: unpacked, silent: true })).toBe(true);

  const manifest = JSON.parse(readFileSync(path.join(unpacked, "manifest.json"), "utf8")) as {
    server: { mcp_config: { command: string; args: string[]; env: Record<string, string> } };
    user_config: Record<string, unknown>;
    author: unknown;
  };
  expect(v0_4.McpbManifestSchema.safeParse(manifest).success).toBe(true);
  expect(manifest.author).toEqual({ name: "Example Maintainer", email: "maintainer@example.com" });
  expect(manifest.user_config).toEqual({ calc_note: { type: "string", title: "CALC_NOTE", description: "Any note", required: false, sensitive: false } });
  expect(manifest.server.mcp_config).toEqual({
    command: "node",
    args: ["${__dirname}/dist/generated/server.gen.js", "--transport", "stdio"],
    env: { CALC_NOTE: "${user_config.calc_note}" },
  });
  // Production dependencies only: the runtime and what it needs, none of the dev dependencies.
  expect(existsSync(path.join(unpacked, "node_modules/@turbomcp/runtime/package.json"))).toBe(true);
  expect(existsSync(path.join(unpacked, "node_modules/ajv/package.json"))).toBe(true);
  expect(existsSync(path.join(unpacked, "node_modules/typescript"))).toBe(false);
  expect(existsSync(path.join(unpacked, "node_modules/@modelcontextprotocol/sdk"))).toBe(false);
  expect(existsSync(path.join(unpacked, "manifest.json"))).toBe(true);

  // Started as a desktop client would: ${__dirname} is the unpacked folder, user_config values fill env.
  const args = manifest.server.mcp_config.args.map((arg) => arg.replace("${__dirname}", unpacked));
  const transport = new StdioClientTransport({
    command: manifest.server.mcp_config.command,
    args,
    env: { PATH: process.env["PATH"] ?? "", CALC_NOTE: "hi" },
    cwd: unpacked,
    stderr: "pipe",
  });
  const client = new Client({ name: "bundle-test", version: "1.0.0" });
  await client.connect(transport);
  try {
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toContain("add");
    const sum = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
    expect(sum.isError).not.toBe(true);
    expect(JSON.stringify(sum.content)).toContain("5");
  } finally {
    await client.close();
  }
}, 120_000);
