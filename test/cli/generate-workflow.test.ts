/**
 * The promises `generate` makes about files: byte-identical reruns that write
 * nothing, stubs that are never overwritten, and generated files removed only
 * when they carry our marker and the manifest no longer asks for them.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const fixture = path.join(repoRoot, "test/golden/fixtures/everything");
let scratch: Scratch;
afterEach(() => scratch.remove());

function read(file: string): string {
  return readFileSync(path.join(scratch.dir, file), "utf8");
}

function editManifest(edit: (manifest: { tools: { name: string }[] }) => void): void {
  const file = path.join(scratch.dir, "manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { tools: { name: string }[] };
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
}

describe("turbomcp generate", () => {
  it("writes nothing on a second run and leaves file times alone", async () => {
    scratch = scratchProject("idempotent", fixture);
    expect((await runCli(["generate", "manifest.json"], scratch.dir)).code).toBe(0);
    const routes = path.join(scratch.dir, "app/gen/routes.gen.ts");
    const before = statSync(routes).mtimeMs;
    const second = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("0 written, 0 stubs created, 7 unchanged, 11 handlers kept");
    expect(statSync(routes).mtimeMs).toBe(before);
  });

  it("rewrites a hand-edited generated file on the next run", async () => {
    scratch = scratchProject("edited-generated", fixture);
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    const original = read("app/gen/types.gen.ts");
    writeFileSync(path.join(scratch.dir, "app/gen/types.gen.ts"), `${original}// edited\n`);
    const result = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(result.stdout).toContain("  wrote    app/gen/types.gen.ts\n");
    expect(read("app/gen/types.gen.ts")).toBe(original);
  });

  it("recreates a deleted stub while the generated files are current", async () => {
    scratch = scratchProject("deleted-stub", fixture);
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    const stub = read("app/handlers/prompts/hello.ts");
    rmSync(path.join(scratch.dir, "app/handlers/prompts/hello.ts"));
    const result = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(result.stdout).toContain("0 written, 1 stubs created, 7 unchanged, 10 handlers kept");
    expect(read("app/handlers/prompts/hello.ts")).toBe(stub);
  });

  it("never overwrites an edited stub, even when the manifest changes", async () => {
    scratch = scratchProject("stubs", fixture);
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    const stub = "app/handlers/tools/add.ts";
    const edited = read(stub).replace('throw notImplemented("tool", "add");', "return { sum: input.a + input.b };");
    writeFileSync(path.join(scratch.dir, stub), edited);
    editManifest((manifest) => {
      const add = manifest.tools.find((tool) => tool.name === "add");
      Object.assign(add ?? {}, { description: "Adds two numbers, now with a new description." });
    });
    const result = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(result.code).toBe(0);
    expect(read(stub)).toBe(edited);
    expect(read("app/gen/routes.gen.ts")).toContain("Adds two numbers, now with a new description.");
  });

  it("creates a stub for a new entry and keeps the handler of a removed one", async () => {
    scratch = scratchProject("add-remove", fixture);
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    editManifest((manifest) => {
      manifest.tools = manifest.tools.filter((tool) => tool.name !== "3d_render");
      manifest.tools.push({ name: "multiply", inputSchema: { type: "object" } } as unknown as { name: string });
    });
    const result = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(result.stdout).toContain("created  app/handlers/tools/multiply.ts");
    expect(result.code).toBe(0);
    expect(read("app/handlers/tools/3d-render.ts")).toContain("export async function tool3dRender(");
    expect(read("app/gen/routes.gen.ts")).not.toContain("handlers/tools/3d-render.js");
  });

  it("removes generated files the manifest no longer needs, but never user files", async () => {
    scratch = scratchProject("leftovers", fixture);
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    writeFileSync(path.join(scratch.dir, "app/gen/notes.gen.ts"), "// written by hand, no marker\n");
    const manifestFile = path.join(scratch.dir, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
    delete manifest.resourceTemplates;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const result = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(result.stdout).toContain("removed  app/gen/template-validators.gen.ts");
    expect(read("app/gen/notes.gen.ts")).toBe("// written by hand, no marker\n");
  });

  it("reports a bad manifest with file, pointer and line:column, exit 1 and no stack", async () => {
    scratch = scratchProject("bad", fixture);
    writeFileSync(
      path.join(scratch.dir, "manifest.json"),
      '{\n  "server": { "name": "x", "version": "1" },\n  "tools": [{ "name": "bad name", "inputSchema": { "type": "object" } }]\n}\n',
    );
    const result = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "manifest.json:3:15 /tools/0/name: must be 1–128 characters of letters, digits, _, - and . (MCP name rules)\nturbomcp: 1 problem found\n",
    );
  });

  it("refuses a $ref that leaves the project folder, at its file:line:column, exit 1, and generates nothing from it", async () => {
    // Regression: the outside file was inlined into routes.gen.ts and so served in tools/list.
    scratch = scratchProject("ref-escape");
    mkdirSync(path.join(scratch.dir, "project"));
    mkdirSync(path.join(scratch.dir, "outside"));
    writeFileSync(path.join(scratch.dir, "outside/secret.json"), JSON.stringify({ name: "leak", description: "SECRET", inputSchema: { type: "object" } }));
    writeFileSync(
      path.join(scratch.dir, "project/manifest.json"),
      '{\n  "server": { "name": "x", "version": "1" },\n  "tools": [{ "$ref": "../outside/secret.json" }]\n}\n',
    );
    const result = await runCli(["generate", "project/manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'project/manifest.json:3:15 /tools/0/$ref: "$ref": "../outside/secret.json" leaves the project folder project/; references must stay inside it\nturbomcp: 1 problem found\n',
    );
    expect(existsSync(path.join(scratch.dir, "project/src"))).toBe(false);
  });

  it("shows a progress line for large manifests, and nothing at all with --quiet", async () => {
    scratch = scratchProject("large");
    const tools = Array.from({ length: 200 }, (_, index) => ({ name: `tool_${index}`, inputSchema: { type: "object" } }));
    writeFileSync(path.join(scratch.dir, "manifest.json"), JSON.stringify({ server: { name: "large", version: "1.0.0" }, tools }));
    const loud = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(loud.stderr).toBe("turbomcp: generating code for 200 manifest entries…\n");
    writeFileSync(path.join(scratch.dir, "src/generated/types.gen.ts"), "// stale\n");
    const quiet = await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    expect(quiet).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(read("src/generated/types.gen.ts")).toContain("export interface Tool199Input");
  }, 60_000);

  it("says so when the manifest file does not exist", async () => {
    scratch = scratchProject("missing");
    const result = await runCli(["generate", "nope.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("nope.json: cannot read the manifest file");
  });
});
