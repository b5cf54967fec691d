/**
 * `check` reads TypeScript 7's plain output (`tsc --pretty false`) into located
 * problems: each diagnostic, its further lines, and ones without a file.
 */
import path from "node:path";
import { expect, it } from "vitest";
import { parseCompilerOutput } from "../../packages/cli/src/check/native-typecheck.js";

it("reads located, multi-line and global diagnostics, paths with parentheses included", () => {
  const output = [
    "src/handlers/tools/add.ts(13,16): error TS2339: Property 'nope' does not exist on type 'AddInput'.",
    "src/gen/routes.gen.ts(40,7): error TS2322: Type '(input: { a: string; }) => Promise<string>' is not assignable to type 'ToolHandler<AddInput>'.",
    "  Types of parameters 'input' and 'input' are incompatible.",
    "    Type 'AddInput' is not assignable to type '{ a: string; }'.",
    "lib/a (copy).ts(2,1): error TS1005: ';' expected.",
    "error TS2318: Cannot find global type 'Array'.",
    "",
  ].join("\n");
  const cwd = path.resolve("/project");
  expect(parseCompilerOutput(output, cwd)).toEqual([
    { file: path.join(cwd, "src/handlers/tools/add.ts"), line: 13, column: 16, message: "Property 'nope' does not exist on type 'AddInput'." },
    {
      file: path.join(cwd, "src/gen/routes.gen.ts"),
      line: 40,
      column: 7,
      message:
        "Type '(input: { a: string; }) => Promise<string>' is not assignable to type 'ToolHandler<AddInput>'.\n  Types of parameters 'input' and 'input' are incompatible.\n    Type 'AddInput' is not assignable to type '{ a: string; }'.",
    },
    { file: path.join(cwd, "lib/a (copy).ts"), line: 2, column: 1, message: "';' expected." },
    { file: undefined, line: 0, column: 0, message: "Cannot find global type 'Array'." },
  ]);
});
