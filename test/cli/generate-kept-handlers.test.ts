/**
 * `generate` warns about kept handlers that no longer match the manifest (issue
 * 16: it printed "handlers kept" and exited 0 while they no longer compiled): type
 * errors, orphans, and newly required input the handler never reads (a tool's
 * input property, a prompt's argument, a resource template's new URI variable),
 * each at file:line:column; `--strict` exits 1; a no-op run checks nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keptHandlerWarnings } from "../../packages/cli/src/check/kept-handlers.js";
import { requiredInputsFromFingerprint } from "../../packages/cli/src/check/previous-inputs.js";
import { FINGERPRINT_FILE } from "../../packages/cli/src/emit/fingerprint.js";
import { buildModel, planFiles } from "../../packages/cli/src/pipeline.js";
import { readIfExists } from "../../packages/cli/src/plan/disk.js";
import { writePlan } from "../../packages/cli/src/plan/write-plan.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";

interface Tool {
  name: string;
  inputSchema: { type: "object"; properties: Record<string, object>; required?: string[]; additionalProperties?: boolean };
  outputSchema?: object;
}

interface Prompt {
  name: string;
  arguments: { name: string; required?: boolean }[];
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
  prompts: [{ name: "review", arguments: [{ name: "code", required: true }, { name: "style" }] }] as Prompt[],
  resourceTemplates: [{ name: "doc", uriTemplate: "docs://{section}" }],
};

let scratch: Scratch;
const file = (relative: string): string => path.join(scratch.dir, relative);
const read = (relative: string): string => readFileSync(file(relative), "utf8");
const edit = (relative: string, change: (text: string) => string): void => writeFileSync(file(relative), change(read(relative)));

function editManifest(change: (tools: Tool[]) => Tool[]): void {
  editWholeManifest((current) => ({ ...current, tools: change(current.tools) }));
}

function editWholeManifest(change: (current: typeof manifest) => typeof manifest): void {
  writeFileSync(file("manifest.json"), JSON.stringify(change(JSON.parse(read("manifest.json")) as typeof manifest), null, 2));
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
  // The prompt reads one argument by property, the template its variable by destructuring.
  edit("app/handlers/prompts/review.ts", (text) => text.replace('throw notImplemented("prompt", "review");', "return `Review this: ${args.code}`;"));
  edit("app/handlers/resource-templates/doc.ts", (text) =>
    text
      .replace("(variables: DocVariables,", "({ section }: DocVariables,")
      .replace('throw notImplemented("resourceTemplate", "doc");', "return `# ${section}`;"),
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
    expect(result.stdout).toContain("4 handlers kept\n");
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

  it("warns about a prompt argument that became required and is never read; --strict exits 1", async () => {
    editWholeManifest((current) => ({
      ...current,
      prompts: [
        {
          name: "review",
          arguments: [
            { name: "code", required: true },
            { name: "style", required: true },
          ],
        },
      ],
    }));
    const result = await runCli(["generate", "--strict", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `warning: app/handlers/prompts/review.ts:${positionOf("app/handlers/prompts/review.ts", "args: ReviewArguments")} prompt "review": argument "style" is now required by the manifest, but the handler never reads it\n` +
        "turbomcp: 1 warning about handlers that no longer match the manifest (--strict: failing)\n",
    );
  });

  it("says nothing about a required prompt argument the handler reads, or a new optional one", async () => {
    editWholeManifest((current) => ({ ...current, prompts: [{ name: "review", arguments: [{ name: "code", required: true }, { name: "tone" }] }] }));
    expect(await runCli(["generate", "--strict", "manifest.json"], scratch.dir)).toMatchObject({ code: 0, stderr: "" });
  });

  it("warns about a variable new in a resource template's URI that the handler never reads", async () => {
    editWholeManifest((current) => ({ ...current, resourceTemplates: [{ name: "doc", uriTemplate: "docs://{section}/{page}" }] }));
    const result = await runCli(["generate", "--strict", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `warning: app/handlers/resource-templates/doc.ts:${positionOf("app/handlers/resource-templates/doc.ts", "{ section }: DocVariables")} resource template "doc": variable "page" is new in the URI template, but the handler never reads it\n` +
        "turbomcp: 1 warning about handlers that no longer match the manifest (--strict: failing)\n",
    );
  });
});

/**
 * What `generate` does with the previous run's required inputs, step by step: read
 * the fingerprint before writing, then judge the kept handlers (without the type check).
 */
async function generateReadingFingerprint(): Promise<string[]> {
  const model = await buildModel("manifest.json", scratch.dir);
  const previous = readIfExists(file(`app/gen/${FINGERPRINT_FILE}`));
  const report = writePlan(model, await planFiles(model));
  const warnings = await keptHandlerWarnings(model, { kept: report.kept, previouslyRequired: requiredInputsFromFingerprint(previous), typecheck: false });
  return warnings.map((warning) => `${warning.file}:${warning.line}:${warning.column} ${warning.message}`);
}

describe("kept handlers judged from the previous fingerprint", () => {
  const requireStyleAndPage = (current: typeof manifest): typeof manifest => ({
    ...current,
    tools: current.tools.map((entry) =>
      entry.name === "echo" ? { ...entry, inputSchema: { ...entry.inputSchema, required: ["text", "loud", "tone"] } } : entry,
    ),
    prompts: [
      {
        name: "review",
        arguments: [
          { name: "code", required: true },
          { name: "style", required: true },
        ],
      },
    ],
    resourceTemplates: [{ name: "doc", uriTemplate: "docs://{section}/{page}" }],
  });

  it("reports what became required since the fingerprint was written", async () => {
    editWholeManifest(requireStyleAndPage);
    expect(await generateReadingFingerprint()).toEqual([
      `app/handlers/prompts/review.ts:${positionOf("app/handlers/prompts/review.ts", "args: ReviewArguments")} prompt "review": argument "style" is now required by the manifest, but the handler never reads it`,
      `app/handlers/resource-templates/doc.ts:${positionOf("app/handlers/resource-templates/doc.ts", "{ section }")} resource template "doc": variable "page" is new in the URI template, but the handler never reads it`,
      `app/handlers/tools/echo.ts:${positionOf("app/handlers/tools/echo.ts", "{ text, loud }")} tool "echo": input property "tone" is now required by the manifest, but the handler never reads it`,
    ]);
    // The fingerprint now records the new requirements: the same run again has nothing to say.
    expect(await generateReadingFingerprint()).toEqual([]);
  });

  it("an older fingerprint, without the record, yields no warning", async () => {
    const fingerprint = `app/gen/${FINGERPRINT_FILE}`;
    const { version: _version, required: _required, ...older } = JSON.parse(read(fingerprint)) as Record<string, unknown>;
    writeFileSync(file(fingerprint), `${JSON.stringify(older, null, 2)}\n`);
    editWholeManifest(requireStyleAndPage);
    expect(await generateReadingFingerprint()).toEqual([]);
  });
});
