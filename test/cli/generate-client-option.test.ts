/**
 * `codegen.client`: the typed test client (client.gen.ts) is written by default and
 * not with `false` (and is removed when switched off); a project that cannot import
 * the SDK the client is built on is told so by `generate`, with the two ways out.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { repoRoot, scratchProject, type Scratch } from "../helpers/scratch.js";

const fixture = path.join(repoRoot, "test/golden/fixtures/middleware");
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function copyManifest(dir: string, client?: boolean): void {
  const manifest = JSON.parse(readFileSync(path.join(fixture, "manifest.json"), "utf8")) as Record<string, unknown>;
  if (client !== undefined) manifest.codegen = { ...(manifest.codegen as object | undefined), client };
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
}

describe("codegen.client", () => {
  it("writes client.gen.ts by default, and removes it once switched off", async () => {
    const scratch: Scratch = scratchProject("client-option");
    cleanups.push(() => scratch.remove());
    copyManifest(scratch.dir);
    const first = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain("@modelcontextprotocol/sdk");
    expect(existsSync(path.join(scratch.dir, "src/generated/client.gen.ts"))).toBe(true);
    copyManifest(scratch.dir, false);
    const second = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(second.stderr).toBe("");
    expect(second.stdout).toContain("removed  src/generated/client.gen.ts");
    expect(existsSync(path.join(scratch.dir, "src/generated/client.gen.ts"))).toBe(false);
    expect((await runCli(["check", "manifest.json"], scratch.dir)).code).toBe(0);
  });

  it("tells a project without the SDK how to get it or switch the client off", async () => {
    // Outside the repository, so nothing resolves the repository's own node_modules.
    const dir = mkdtempSync(path.join(tmpdir(), "client-sdk-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(path.join(fixture, "manifest.json"), path.join(dir, "manifest.json"));
    const result = await runCli(["generate", "manifest.json"], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'warning: src/generated/client.gen.ts imports @modelcontextprotocol/sdk, which this project does not have: npm install --save-dev @modelcontextprotocol/sdk, or set "codegen": { "client": false } in the manifest',
    );
    copyManifest(dir, false);
    expect((await runCli(["generate", "manifest.json"], dir)).stderr).not.toContain("@modelcontextprotocol/sdk");
  });
});
