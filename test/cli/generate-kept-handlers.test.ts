/**
 * `generate` warns about kept handlers that no longer match the manifest (issue
 * 16: it printed "handlers kept" and exited 0 while they no longer compiled): type
 * errors, orphans, and newly required input the handler never reads, each at
 * file:line:column; `--strict` exits 1; a no-op run checks nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";

interface Tool {
  name: string;
  inputSchema: { type: "object"; properties: Record<string, object>; required?: string[]; additionalProperties?: boolean };
  outputSchema?: object;
}

const manifest = {
  server: { name: "kept", version: "1.0.0" },
  codegen: { generatedDir: "app/gen", handlersDir: "app/handlers" },
  tools: [
    {
      name: "add",
      inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"], additionalProperties: false },
      outputSchema: { type: "object", properties: { sum: { type: "number" } }, required: ["sum"], additionalProperties: false },
    },
    {
      name: "echo",
      inputSchema: { type: "object", properties: { text: { type: "string" }, loud: { type: "boolean" } }, required: ["text"] },
    },
  ] as Tool[],
};

let scratch: Scratch;
const file = (relative: string): string => path.join(scratch.dir, relative);
const read = (relative: string): string => readFileSync(file(relative), "utf8");
const edit = (relative: string, change: (text: string) => string): void => writeFileSync(file(relative), change(read(relative)));

function editManifest(change: (tools: Tool[]) => Tool[]): void {
  const current = JSON.parse(read("manifest.json")) as typeof manifest;
  writeFileSync(file("manifest.json"), JSON.stringify({ ...current, tools: change(current.tools) }, null, 2));
}

function tool(tools: Tool[], name: string): Tool {
  const found = tools.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no tool ${name}`);
  return found;
}

/** 1-based line:column of the first occurrence of `text` in a file. */
function positionOf(relative: string, text: string): string {
  const lines = read(relative).split("\n");
  const line = lines.findIndex((candidate) => candidate.includes(text));
  return `${line + 1}:${(lines[line] ?? "").indexOf(text) + 1}`;
}

beforeEach(async () => {
  scratch = scratchProject("kept-handlers");
  writeFileSync(file("manifest.json"), JSON.stringify(manifest, null, 2));
  expect((await runCli(["generate", "--quiet", "manifest.json"], scratch.dir)).code).toBe(0);
  // Filled-in handlers: add reads its input by property, echo by destructuring.
  edit("app/handlers/tools/add.ts", (text) => text.replace('throw notImplemented("tool", "add");', "return { sum: input.a + input.b };"));
  edit("app/handlers/tools/echo.ts", (text) =>
    text
      .replace("(input: EchoInput,", "({ text, loud }: EchoInput,")
      .replace('throw notImplemented("tool", "echo");', "return loud === true ? text.toUpperCase() : text;"),
  );
});
afterEach(() => scratch.remove());

// Each generate that changes code type-checks the scratch project: allow for a busy machine.
describe("turbomcp generate: kept handlers", { timeout: 120_000 }, () => {
  it("warns at file:line:column about a renamed input property, exit 0; --strict exits 1; a no-op rerun says nothing", async () => {
    editManifest((tools) => {
      const add = tool(tools, "add");
      add.inputSchema.properties = { a: { type: "number" }, c: { type: "number" } };
      add.inputSchema.required = ["a", "c"];
      return tools;
    });
    const result = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  wrote    app/gen/types.gen.ts\n");
    expect(result.stdout).toContain("2 handlers kept\n");
    expect(result.stderr).toContain(
      `warning: app/handlers/tools/add.ts:${positionOf("app/handlers/tools/add.ts", "b }")} Property 'b' does not exist on type 'AddInput'.\n`,
    );
    expect(result.stderr).toContain(
      `warning: app/handlers/tools/add.ts:${positionOf("app/handlers/tools/add.ts", "input: AddInput")} tool "add": input property "c" is now required by the manifest, but the handler never reads it\n`,
    );
    expect(result.stderr).toMatch(/turbomcp: 2 warnings about handlers that no longer match the manifest\n$/);

    // The same change again, with --strict.
    editManifest((tools) => {
      tool(tools, "add").inputSchema.required = ["a"];
      return tools;
    });
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    editManifest((tools) => {
      tool(tools, "add").inputSchema.required = ["a", "c"];
      return tools;
    });
    const strict = await runCli(["generate", "--strict", "manifest.json"], scratch.dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("Property 'b' does not exist on type 'AddInput'");
    expect(strict.stderr).toContain("(--strict: failing)\n");

    // Nothing changed since: no warnings and no type check, although the handler still does not compile.
    const again = await runCli(["generate", "--strict", "manifest.json"], scratch.dir);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toContain("0 written, 0 stubs created");
    expect((await runCli(["check", "manifest.json"], scratch.dir)).stderr).toContain("Property 'b' does not exist on type 'AddInput'");
  });

  it("warns about the orphan a deleted tool leaves behind", async () => {
    editManifest((tools) => tools.filter((entry) => entry.name !== "echo"));
    const result = await runCli(["generate", "manifest.json"], scratch.dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "warning: app/handlers/tools/echo.ts:1:1 no manifest entry uses this handler (was it removed or renamed?): delete the file or add the entry back\n" +
        "turbomcp: 1 warning about handlers that no longer match the manifest\n",
    );
    expect((await runCli(["generate", "--strict", "manifest.json"], scratch.dir)).code).toBe(0);
  });

  it("warns about a newly required property the handler never reads, not about one it reads", async () => {
    editManifest((tools) => {
      const add = tool(tools, "add");
      add.inputSchema.properties.precision = { type: "integer" };
      add.inputSchema.required = ["a", "b", "precision"];
      // echo destructures loud already; making it required is no news to the handler.
      tool(tools, "echo").inputSchema.required = ["text", "loud"];
      return tools;
    });
    const result = await runCli(["generate", "--strict", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `warning: app/handlers/tools/add.ts:${positionOf("app/handlers/tools/add.ts", "input: AddInput")} tool "add": input property "precision" is now required by the manifest, but the handler never reads it\n` +
        "turbomcp: 1 warning about handlers that no longer match the manifest (--strict: failing)\n",
    );
  });

  it("skips the type check with --no-typecheck, and still reports unread required input", async () => {
    editManifest((tools) => {
      const add = tool(tools, "add");
      add.inputSchema.properties = { a: { type: "number" }, c: { type: "number" } };
      add.inputSchema.required = ["a", "c"];
      return tools;
    });
    const result = await runCli(["generate", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("does not exist");
    expect(result.stderr).toContain('tool "add": input property "c" is now required by the manifest, but the handler never reads it\n');
  });

  it("says nothing when the manifest change leaves the kept handlers matching", async () => {
    editManifest((tools) => {
      tool(tools, "echo").inputSchema.properties.note = { type: "string" };
      return tools;
    });
    const result = await runCli(["generate", "--strict", "manifest.json"], scratch.dir);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("  wrote    app/gen/types.gen.ts\n");
  });
});
