/**
 * `turbomcp check`: every kind of drift is found and reported, and a project in
 * sync passes. Uses the golden fixture with its stubs filled in.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const fixture = path.join(repoRoot, "test/golden/fixtures/everything");
let scratch: Scratch;

beforeEach(async () => {
  scratch = scratchProject("check", fixture);
  rmSync(path.join(scratch.dir, "expected"), { recursive: true, force: true });
  await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
});
afterEach(() => scratch.remove());

const file = (relative: string): string => path.join(scratch.dir, relative);
const edit = (relative: string, change: (text: string) => string): void => writeFileSync(file(relative), change(readFileSync(file(relative), "utf8")));

describe("turbomcp check", () => {
  // Two full checks, each with its type check: on a CI machine busy with the suite's other files that takes more than the default 30 s.
  it("passes right after generate, and --strict fails on unimplemented stubs", { timeout: 120_000 }, async () => {
    const plain = await runCli(["check", "manifest.json"], scratch.dir);
    expect(plain).toMatchObject({ code: 0, stdout: "turbomcp: manifest.json and the code are in sync\n" });
    const strict = await runCli(["check", "--strict", "manifest.json"], scratch.dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("Handlers not implemented yet (--strict):\n  app/handlers/tools/add.ts\n");
  });

  it("reports a hand-edited generated file with a diff", async () => {
    edit("app/gen/routes.gen.ts", (text) => text.replace('name: "everything"', 'name: "edited"'));
    const result = await runCli(["check", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Stale generated files (run `turbomcp generate`):\n  app/gen/routes.gen.ts\n");
    expect(result.stderr).toContain('-    name: "edited",');
    expect(result.stderr).toContain('+    name: "everything",');
  });

  it("reports a hand-edited typed client like any generated file", async () => {
    edit("app/gen/client.gen.ts", (text) => text.replace('"get-user.v2": (input', '"get-user.v3": (input'));
    const result = await runCli(["check", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Stale generated files (run `turbomcp generate`):\n  app/gen/client.gen.ts\n");
  });

  it("reports a manifest change that was not generated", async () => {
    edit("manifest.json", (text) => text.replace('"Add two numbers."', '"Add two numbers exactly."'));
    const result = await runCli(["check", "--json", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { inSync: boolean; stale: { path: string }[]; typecheckSkipped: boolean };
    expect(report.inSync).toBe(false);
    // The description is in the routing table and in the typed client's JSDoc.
    expect(report.stale.map((entry) => entry.path)).toEqual(["app/gen/routes.gen.ts", "app/gen/client.gen.ts", "app/gen/fingerprint.gen.json"]);
    expect(report.typecheckSkipped).toBe(true);
  });

  it("reports missing and orphan handler files", async () => {
    rmSync(file("app/handlers/prompts/hello.ts"));
    writeFileSync(file("app/handlers/tools/old-tool.ts"), "export const x = 1;\n");
    const result = await runCli(["check", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Missing handler files (run `turbomcp generate` to create stubs):\n  app/handlers/prompts/hello.ts\n");
    expect(result.stderr).toContain("Orphan handlers (no manifest entry; delete them or add the entry back):\n  app/handlers/tools/old-tool.ts\n");
  });

  it("reports a handler whose signature no longer matches the manifest, naming its file", async () => {
    edit("app/handlers/tools/add.ts", (text) => text.replace("input: AddInput", "input: { a: string }"));
    const result = await runCli(["check", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /app\/gen\/routes\.gen\.ts:\d+:\d+ the handler in app\/handlers\/tools\/add\.ts does not match the types generated from the manifest/,
    );
  });

  it("reports a type error inside a handler", async () => {
    edit("app/handlers/tools/add.ts", (text) => text.replace('throw notImplemented("tool", "add");', "return { sum: input.a + input.missing };"));
    const result = await runCli(["check", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/app\/handlers\/tools\/add\.ts:\d+:\d+ Property 'missing' does not exist on type 'AddInput'/);
  });

  it("skips the type check with --no-typecheck", async () => {
    edit("app/handlers/tools/add.ts", (text) => text.replace("input: AddInput", "input: { a: string }"));
    expect((await runCli(["check", "--no-typecheck", "manifest.json"], scratch.dir)).code).toBe(0);
  });
});
