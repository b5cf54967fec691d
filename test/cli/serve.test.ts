/**
 * `turbomcp serve` runs a project from its TypeScript sources with no build step,
 * regenerating stale code first and keeping stdout for the protocol alone.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, describe, expect, it } from "vitest";
import { splitServeArgs } from "../../packages/cli/src/cli/commands/serve.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

let scratch: Scratch | undefined;
afterEach(() => scratch?.remove());

async function connect(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", "--conditions=turbomcp-source", path.join(repoRoot, "test/helpers/cli-entry.ts"), "serve", ...args],
    cwd,
    stderr: "pipe",
    env: { ...(process.env as Record<string, string>), ...env },
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "serve-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe("turbomcp serve", () => {
  it("serves an example over stdio from its sources", async () => {
    const { client } = await connect(path.join(repoRoot, "examples/calculator"), ["manifest.json", "--transport", "stdio"]);
    try {
      const result = await client.callTool({ name: "divide", arguments: { a: 7, b: 2 } });
      expect(result.structuredContent).toEqual({ quotient: 3, remainder: 1 });
    } finally {
      await client.close();
    }
  });

  it("regenerates stale code first, reporting on stderr only", async () => {
    scratch = scratchProject("serve", path.join(repoRoot, "test/golden/fixtures/everything"));
    rmSync(path.join(scratch.dir, "expected"), { recursive: true, force: true });
    // The fixture requires a tenant; over stdio the environment names it.
    const { client, stderr } = await connect(scratch.dir, ["--transport", "stdio"], { TURBOMCP_TENANT: "acme" });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("get-user.v2");
      const result = await client.callTool({ name: "add", arguments: { a: 1, b: 2 } });
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([{ type: "text", text: 'tool "add" is not implemented yet: fill in its handler file' }]);
      expect(stderr()).toContain("turbomcp: regenerated 7 files, created 11 stubs");
    } finally {
      await client.close();
    }
  });

  it("takes the manifest from the first operand unless it is an option", () => {
    expect(splitServeArgs(["api.json", "--transport", "stdio"])).toEqual({ manifest: "api.json", serverArgs: ["--transport", "stdio"] });
    expect(splitServeArgs(["--transport", "stdio"])).toEqual({ manifest: "manifest.json", serverArgs: ["--transport", "stdio"] });
    expect(splitServeArgs([])).toEqual({ manifest: "manifest.json", serverArgs: [] });
  });
});
