/**
 * What `generate` reads from source when it judges kept handlers: which input
 * properties a handler reads (so an unread newly required property is reported,
 * and a handler that passes its input on is never accused), and what each tool
 * required when the routing table was last generated.
 */
import { describe, expect, it } from "vitest";
import { inputReads } from "../../packages/cli/src/check/input-reads.js";
import { requiredInputsOf } from "../../packages/cli/src/check/previous-inputs.js";

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

describe("requiredInputsOf", () => {
  it("reads each tool's top-level required list from a routing table, none from a missing one", () => {
    const routes = `
      export const routes = defineRoutes({
        tools: [
          toolRoute<AInput, ToolResult>({ definition: { name: "a", inputSchema: { type: "object", properties: { required: { type: "string" } }, required: ["x", "y"] } }, handler: aTool }),
          toolRoute<BInput, ToolResult>({ definition: { name: "b.v2", "inputSchema": { type: "object" } }, handler: bTool }),
        ],
      });`;
    const required = requiredInputsOf(routes);
    expect([...required.keys()]).toEqual(["a", "b.v2"]);
    expect([...(required.get("a") ?? [])]).toEqual(["x", "y"]);
    expect(required.get("b.v2")?.size).toBe(0);
    expect(requiredInputsOf(undefined).size).toBe(0);
  });
});
