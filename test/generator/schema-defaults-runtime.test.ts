/**
 * Schema `default`s are filled in before the handler runs (top level, nested
 * objects, objects in arrays), and the handler's input type says those
 * properties are always there; a tool's output is checked as the handler returned
 * it. Regression: a call without `days` reached the handler without it, typed
 * `days?: number`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledValidator } from "../../packages/runtime/src/index.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";

const manifest = {
  server: { name: "defaults", version: "1.0.0" },
  codegen: { generatedDir: "gen", handlersDir: "handlers" },
  tools: [
    {
      name: "forecast",
      inputSchema: {
        type: "object",
        properties: {
          city: { type: "string" },
          days: { type: "integer", minimum: 1, default: 3 },
          units: { type: "object", properties: { temperature: { enum: ["c", "f"], default: "c" } }, default: {} },
          stops: { type: "array", items: { type: "object", properties: { hours: { type: "integer", default: 1 } } } },
          pair: { type: "array", prefixItems: [{ type: "integer" }, { type: "string", default: "x" }], items: false },
          either: { anyOf: [{ type: "object", properties: { z: { type: "integer", default: 9 } } }, { type: "string" }] },
          shared: { $ref: "#/$defs/shared" },
        },
        required: ["city"],
        $defs: { shared: { type: "object", properties: { w: { type: "integer", default: 2 } } } },
      },
      outputSchema: { type: "object", properties: { highs: { type: "array", items: { type: "number" } }, note: { type: "string", default: "n/a" } } },
    },
  ],
};

let scratch: Scratch;
let validators: Record<string, CompiledValidator>;
let types: string;

beforeAll(async () => {
  scratch = scratchProject("schema-defaults");
  writeFileSync(path.join(scratch.dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  const result = await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  validators = (await import(pathToFileURL(path.join(scratch.dir, "gen/validators.gen.ts")).href)) as Record<string, CompiledValidator>;
  types = readFileSync(path.join(scratch.dir, "gen/types.gen.ts"), "utf8");
}, 120_000);
afterAll(() => scratch.remove());

function validated(name: string, input: Record<string, unknown>): Record<string, unknown> {
  const validate = validators[name];
  if (validate === undefined) throw new Error(`no validator ${name}`);
  expect(validate(input), JSON.stringify(validate.errors)).toBe(true);
  return input;
}

describe("schema defaults at run time", () => {
  it("fills in missing properties, nested objects (from the object's own default) and objects in arrays", () => {
    expect(validated("validateForecastInput", { city: "Oslo", stops: [{}, { hours: 5 }] })).toEqual({
      city: "Oslo",
      days: 3,
      units: { temperature: "c" },
      stops: [{ hours: 1 }, { hours: 5 }],
    });
  });

  it("keeps what the caller sent; a tuple's missing items stay missing (ajv fills no prefixItems defaults)", () => {
    expect(validated("validateForecastInput", { city: "Oslo", days: 7, units: { temperature: "f" }, pair: [1] })).toEqual({
      city: "Oslo",
      days: 7,
      units: { temperature: "f" },
      pair: [1],
    });
  });

  it("fills a $ref'd object's defaults when the object is there, and none inside anyOf", () => {
    const input = validated("validateForecastInput", { city: "Oslo", shared: {}, either: {} });
    expect(input.shared).toEqual({ w: 2 });
    expect(input.either).toEqual({});
  });

  it("checks a tool's output as the handler returned it, without filling defaults", () => {
    expect(validated("validateForecastOutput", { highs: [1] })).toEqual({ highs: [1] });
  });
});

describe("the handler's input type", () => {
  it("lists properties the validator fills as required, and leaves the others optional", () => {
    const field = (name: string, optional: boolean): RegExp => new RegExp(`\\n\\s+${name}${optional ? "\\?" : ""}: `);
    for (const name of ["city", "days", "units", "temperature", "hours"]) expect(types).toMatch(field(name, false));
    // ajv leaves anyOf alone, and a $defs entry may be reached from anywhere: optional.
    for (const name of ["z", "w"]) expect(types).toMatch(field(name, true));
    // Outputs are the handler's: their defaults are not filled.
    expect(types).toMatch(field("note", true));
    // The tuple keeps its optional trailing item.
    expect(types).toContain("pair?: ([] | [number] | [number, string]);");
  });
});
