/**
 * What `generate` reads from source when it judges kept handlers: which input
 * properties a handler reads (so an unread newly required property is reported,
 * and a handler that passes its input on is never accused), and what each handler
 * was sure to receive when the code was last generated: recorded in the
 * fingerprint, and (until `generate` reads that) in the routing table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputReads } from "../../packages/cli/src/check/input-reads.js";
import { requiredInputsFromFingerprint } from "../../packages/cli/src/check/previous-inputs.js";
import { FINGERPRINT_FILE, parseFingerprint } from "../../packages/cli/src/emit/fingerprint.js";
import { planFiles } from "../../packages/cli/src/pipeline.js";
import { type ManifestProject, manifestProject } from "../generator/manifest-project.js";

const reads = (source: string): string[] | "whole" | undefined => {
  const found = inputReads("handler.ts", source, "run");
  return found === undefined ? undefined : found.reads === "whole" ? "whole" : [...found.reads].sort();
};

describe("inputReads", () => {
  it.each([
    ["property access", "export async function run(input: I) { return input.a + input.b; }", ["a", "b"]],
    ["element access with a literal", 'export async function run(input: I) { return input["a-b"]; }', ["a-b"]],
    ["destructured parameter", "export async function run({ a, b: renamed }: I) { return a + renamed; }", ["a", "b"]],
    ["destructured in the body", "export async function run(input: I) { const { a } = input; return a; }", ["a"]],
    ["arrow function", "export const run = async (input: I) => input.x;", ["x"]],
    ["unused parameter", "export async function run(_input: I, ctx: C) { return ctx; }", []],
    ["a property named like the parameter", "export async function run(input: I) { return other.input + ({ input: 1 }).input; }", []],
    ["passed on whole", "export async function run(input: I) { return save(input); }", "whole"],
    ["spread", "export async function run(input: I) { return { ...input }; }", "whole"],
    ["indexed by a variable", "export async function run(input: I, key: string) { return input[key]; }", "whole"],
    ["rest element", "export async function run({ a, ...rest }: I) { return rest; }", "whole"],
    ["shorthand property", "export async function run(input: I) { return { input }; }", "whole"],
  ])("%s", (_name, source, expected) => {
    expect(reads(source)).toEqual(expected);
  });

  it("points at the first parameter, and finds nothing when the export is missing", () => {
    expect(inputReads("h.ts", "\nexport async function run(\n  input: I) {}\n", "run")).toMatchObject({ line: 3, column: 3 });
    expect(inputReads("h.ts", "async function run(input: I) { return input.a; }\nexport const other = 1;\n", "run")).toBeUndefined();
  });
});

describe("required inputs in the fingerprint", () => {
  let project: ManifestProject;
  beforeAll(() => {
    project = manifestProject();
  });
  afterAll(() => project.remove());

  // JSON text: a tool named `__proto__` must stay an entry, not become a prototype.
  const manifestText = `{
    "server": { "name": "demo", "version": "1.0.0" },
    "tools": [
      { "name": "add", "inputSchema": { "type": "object", "properties": { "a": {}, "b": {} }, "required": ["a", "b"] } },
      { "name": "__proto__", "inputSchema": { "type": "object" } }
    ],
    "prompts": [{ "name": "review", "arguments": [{ "name": "code", "required": true }, { "name": "style" }] }],
    "resourceTemplates": [{ "name": "doc", "uriTemplate": "docs://{section}/{page}" }]
  }`;

  it("are written per entry, read back as written, and byte-identical run to run", async () => {
    project.write("manifest.json", manifestText);
    const fingerprint = async (): Promise<string> => {
      const planned = await planFiles(await project.build());
      return planned.find((file) => file.path.endsWith(`/${FINGERPRINT_FILE}`))?.contents ?? "";
    };
    const text = await fingerprint();
    expect(await fingerprint()).toBe(text);
    expect(JSON.parse(text)).toMatchObject({
      version: 2,
      required: {
        tools: Object.fromEntries([
          ["add", ["a", "b"]],
          ["__proto__", []],
        ]),
        prompts: { review: ["code"] },
        resourceTemplates: { doc: ["section", "page"] },
      },
    });
    const required = requiredInputsFromFingerprint(text);
    expect([...required.tools]).toEqual([
      ["add", ["a", "b"]],
      ["__proto__", []],
    ]);
    expect([...required.prompts]).toEqual([["review", ["code"]]]);
    expect([...required.resourceTemplates]).toEqual([["doc", ["section", "page"]]]);
    expect(({} as Record<string, unknown>).add).toBeUndefined();
  });

  it("an older fingerprint (no version, no required), a malformed one or none yields nothing", () => {
    const old = JSON.stringify({ "//": "@generated", inputs: "3710df2f72d5444e", files: { "types.gen.ts": "a5604b8cac64eb9a" } });
    for (const text of [old, "{", "null", "[]", undefined]) {
      const required = requiredInputsFromFingerprint(text);
      expect([required.tools.size, required.prompts.size, required.resourceTemplates.size]).toEqual([0, 0, 0]);
    }
    expect(parseFingerprint(old)).toBeUndefined();
  });

  it("ignores what is not a list of names", () => {
    const text = JSON.stringify({ version: 2, inputs: "x", files: {}, required: { tools: { a: "b", c: [1, "d"] }, prompts: [] } });
    const required = requiredInputsFromFingerprint(text);
    expect([...required.tools]).toEqual([["c", ["d"]]]);
    expect(required.prompts.size).toBe(0);
  });
});
