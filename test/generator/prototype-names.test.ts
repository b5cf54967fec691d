/**
 * Object.prototype member names (`toString`, `constructor`, `hasOwnProperty`,
 * `__proto__`, …) as keys anywhere a JSON Schema holds names (issue 16), end to
 * end: generate, the types, tools/list and the validators at run time.
 *
 * - Regression: a nested `$defs` entry named `hasOwnProperty` (or `toString`,
 *   `__proto__`, …), or such a key in `dependentSchemas`, `dependentRequired` or
 *   `patternProperties`, crashed json-schema-to-typescript ("schema.hasOwnProperty
 *   is not a function"): `generate` exited 2 with an internal error.
 * - Such keys are data everywhere: the loader, the model, tools/list and the
 *   validators keep them own properties, and Object.prototype is never touched.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledValidator, RouteTable } from "../../packages/runtime/src/index.js";
import { typecheckProject } from "../../packages/cli/src/check/typecheck.js";
import { buildModel } from "../../packages/cli/src/pipeline.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";
import { type ManifestProject, manifestProject, server } from "./manifest-project.js";

/** Object.prototype as it is before anything runs: names and property descriptors. */
function prototypeSnapshot(): unknown[] {
  return Reflect.ownKeys(Object.prototype).map((key) => [String(key), Object.getOwnPropertyDescriptor(Object.prototype, key)]);
}
const prototypeBefore = prototypeSnapshot();

// JSON text, not object literals: `__proto__: …` in a literal would set the prototype.
const manifestText = `{
  "server": { "name": "demo", "version": "1.0.0" },
  "codegen": { "generatedDir": "gen", "handlersDir": "handlers" },
  "tools": [
    {
      "name": "nested",
      "inputSchema": {
        "type": "object",
        "properties": {
          "a": { "$ref": "#/properties/holder/$defs/toString" },
          "holder": {
            "type": "object",
            "$defs": {
              "toString": { "type": "string" },
              "constructor": { "type": "number" },
              "__proto__": { "type": "boolean" },
              "hasOwnProperty": { "type": "integer" }
            },
            "properties": {
              "x": { "$ref": "#/properties/holder/$defs/constructor" },
              "y": { "$ref": "#/properties/holder/$defs/__proto__" },
              "z": { "$ref": "#/properties/holder/$defs/hasOwnProperty" }
            }
          },
          "deep": { "$ref": "#/$defs/outer" },
          "toString": { "type": "string", "minLength": 2 },
          "again": { "$ref": "#/properties/toString" }
        },
        "$defs": {
          "outer": {
            "type": "object",
            "$defs": {
              "valueOf": {
                "type": "object",
                "$defs": { "__proto__": { "type": "string", "minLength": 2 } },
                "properties": { "p": { "$ref": "#/$defs/outer/$defs/valueOf/$defs/__proto__" } }
              }
            },
            "properties": { "v": { "$ref": "#/$defs/outer/$defs/valueOf" } }
          }
        }
      }
    },
    {
      "name": "maps",
      "inputSchema": {
        "type": "object",
        "properties": {
          "a": { "type": "string" },
          "__proto__": { "type": "string" },
          "toString": { "type": "string" },
          "rec": { "$ref": "#/$defs/Rec" }
        },
        "dependentSchemas": { "__proto__": { "required": ["a"] }, "toString": { "required": ["a"] }, "hasOwnProperty": { "required": ["a"] } },
        "dependentRequired": { "__proto__": ["toString"], "hasOwnProperty": ["a"], "constructor": ["a"] },
        "patternProperties": { "__proto__": { "type": "string" }, "hasOwnProperty": { "type": "string" }, "^x-": { "type": "number" } },
        "$defs": {
          "Rec": {
            "type": "object",
            "properties": { "__proto__": { "type": "integer" }, "constructor": { "type": "integer" }, "hasOwnProperty": { "type": "boolean" } },
            "required": ["__proto__", "constructor"],
            "additionalProperties": false
          }
        }
      }
    },
    {
      "name": "data",
      "inputSchema": {
        "type": "object",
        "properties": {
          "k": { "const": { "__proto__": 1, "hasOwnProperty": 2 } },
          "e": { "enum": [{ "__proto__": 1 }, { "toString": 2 }, { "a": 1 }] },
          "u": { "type": "array", "uniqueItems": true },
          "d": { "type": "object", "default": { "hasOwnProperty": 3 }, "examples": [{ "hasOwnProperty": 1 }] }
        }
      }
    },
    {
      "name": "defaults",
      "inputSchema": {
        "type": "object",
        "properties": {
          "toString": { "type": "string", "default": "t" },
          "__proto__": { "type": "object", "default": { "x": 1 } },
          "plain": { "type": "object", "default": { "__proto__": { "polluted": true }, "hasOwnProperty": 3 } },
          "choice": { "anyOf": [{ "type": "object", "properties": { "valueOf": { "type": "integer", "default": 1 } } }] }
        },
        "additionalProperties": false
      }
    },
    {
      "name": "shared",
      "inputSchema": {
        "type": "object",
        "properties": { "c": { "$ref": "./schemas.json#/$defs/constructor" }, "b": { "$ref": "./schemas.json#/$defs/Box" } }
      }
    },
    {
      "name": "shared-too",
      "inputSchema": {
        "type": "object",
        "properties": { "c": { "$ref": "./schemas.json#/$defs/constructor" }, "b": { "$ref": "./schemas.json#/$defs/Box" } }
      }
    }
  ]
}
`;

const schemasText = `{
  "$defs": {
    "constructor": { "type": "object", "properties": { "n": { "type": "integer" } }, "required": ["n"] },
    "Box": {
      "type": "object",
      "$defs": { "valueOf": { "type": "string", "maxLength": 3 } },
      "properties": { "label": { "$ref": "#/$defs/Box/$defs/valueOf" }, "__proto__": { "$ref": "#/$defs/constructor" } }
    }
  }
}
`;

let scratch: Scratch;
let validators: Record<string, CompiledValidator>;
let types: string;

beforeAll(async () => {
  scratch = scratchProject("prototype-names");
  writeFileSync(path.join(scratch.dir, "manifest.json"), manifestText);
  writeFileSync(path.join(scratch.dir, "schemas.json"), schemasText);
  const result = await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  types = readFileSync(path.join(scratch.dir, "gen/types.gen.ts"), "utf8");
  validators = (await import(pathToFileURL(path.join(scratch.dir, "gen/validators.gen.ts")).href)) as Record<string, CompiledValidator>;
});
afterAll(() => scratch.remove());

function valid(name: string, json: string): boolean {
  const validate = validators[name];
  if (validate === undefined) throw new Error(`no validator ${name}`);
  return validate(JSON.parse(json));
}

describe("nested $defs named like Object.prototype members", () => {
  it("generate types for them at every depth, and for $refs through a prototype-named property", () => {
    expect(types).toContain("a?: string;");
    expect(types).toContain("x?: number");
    expect(types).toContain("y?: boolean");
    expect(types).toContain("deep?: NestedInputOuter;");
    expect(types).toContain("v?: NestedInputValueOf;");
    expect(types).toContain('"toString"?: string;');
    expect(types).toContain("again?: string;");
  });

  it("validators follow the $refs to them", () => {
    expect(valid("validateNestedInput", "{}")).toBe(true);
    expect(valid("validateNestedInput", '{"a": "x", "holder": {"x": 1, "y": true, "z": 2}, "deep": {"v": {"p": "ab"}}}')).toBe(true);
    expect(valid("validateNestedInput", '{"a": 1}')).toBe(false);
    expect(valid("validateNestedInput", '{"holder": {"x": "1"}}')).toBe(false);
    expect(valid("validateNestedInput", '{"holder": {"y": 1}}')).toBe(false);
    expect(valid("validateNestedInput", '{"holder": {"z": 1.5}}')).toBe(false);
    expect(valid("validateNestedInput", '{"deep": {"v": {"p": "a"}}}')).toBe(false);
    expect(valid("validateNestedInput", '{"again": "ab"}')).toBe(true);
    expect(valid("validateNestedInput", '{"again": "a"}')).toBe(false);
  });

  it("in a shared file, become named types referred to by every tool", () => {
    expect(types).toContain("c?: Constructor;");
    expect(types).toContain("b?: Box;");
    expect(types).toContain("export interface Constructor {");
    expect(types).toContain("export type BoxValueOf = string;");
    expect(types).toContain('"__proto__"?: Constructor;');
    expect(valid("validateSharedInput", '{"c": {"n": 1}, "b": {"label": "abc", "__proto__": {"n": 2}}}')).toBe(true);
    expect(valid("validateSharedInput", '{"b": {"label": "abcd"}}')).toBe(false);
    expect(valid("validateSharedInput", '{"b": {"__proto__": {}}}')).toBe(false);
    expect(valid("validateSharedTooInput", '{"c": {}}')).toBe(false);
  });
});

describe("prototype names as keys of dependentSchemas, dependentRequired, patternProperties, properties and required", () => {
  it("are typed as quoted keys", () => {
    expect(types).toContain('"__proto__"?: string;');
    expect(types).toContain('"__proto__": number;');
    expect(types).toContain('"constructor": number;');
    expect(types).toContain('"hasOwnProperty"?: boolean;');
    expect(types).toContain('via the `patternProperty` "hasOwnProperty".');
  });

  it("are validated as the schema says: an inherited member is never a present property", () => {
    expect(valid("validateMapsInput", "{}")).toBe(true);
    expect(valid("validateMapsInput", '{"toString": "t"}')).toBe(false);
    expect(valid("validateMapsInput", '{"toString": "t", "a": "x"}')).toBe(true);
    expect(valid("validateMapsInput", '{"__proto__": "s", "a": "x"}')).toBe(false);
    expect(valid("validateMapsInput", '{"__proto__": "s", "a": "x", "toString": "t"}')).toBe(true);
    expect(valid("validateMapsInput", '{"__proto__": 5, "a": "x", "toString": "t"}')).toBe(false);
    expect(valid("validateMapsInput", '{"constructor": "c"}')).toBe(false);
    expect(valid("validateMapsInput", '{"constructor": "c", "a": "x"}')).toBe(true);
    expect(valid("validateMapsInput", '{"hasOwnProperty": "c"}')).toBe(false);
    expect(valid("validateMapsInput", '{"hasOwnProperty": 1, "a": "x"}')).toBe(false);
    expect(valid("validateMapsInput", '{"x-1": 1}')).toBe(true);
    expect(valid("validateMapsInput", '{"x-1": "no"}')).toBe(false);
  });

  it("a required `__proto__` or `constructor` in a $defs entry must be an own property", () => {
    expect(valid("validateMapsInput", '{"rec": {"__proto__": 1, "constructor": 2}}')).toBe(true);
    expect(valid("validateMapsInput", '{"rec": {"constructor": 2}}')).toBe(false);
    expect(valid("validateMapsInput", '{"rec": {"__proto__": 1}}')).toBe(false);
    expect(valid("validateMapsInput", '{"rec": {"__proto__": "a", "constructor": 2}}')).toBe(false);
    expect(valid("validateMapsInput", '{"rec": {"__proto__": 1, "constructor": 2, "hasOwnProperty": true}}')).toBe(true);
    expect(valid("validateMapsInput", '{"rec": {"__proto__": 1, "constructor": 2, "hasOwnProperty": "x"}}')).toBe(false);
    expect(valid("validateMapsInput", '{"rec": {"__proto__": 1, "constructor": 2, "zz": 1}}')).toBe(false);
  });

  it("stay own properties in the model and in tools/list", async () => {
    const model = await buildModel("manifest.json", scratch.dir);
    const { routes } = (await import(pathToFileURL(path.join(scratch.dir, "gen/routes.gen.ts")).href)) as { routes: RouteTable };
    const listed = routes.tools.get("maps")?.definition.inputSchema as Record<string, Record<string, unknown>> | undefined;
    for (const schema of [model.tools.find((tool) => tool.name === "maps")?.inputSchema as Record<string, Record<string, unknown>> | undefined, listed]) {
      expect(Object.keys(schema?.dependentSchemas ?? {})).toEqual(["__proto__", "toString", "hasOwnProperty"]);
      expect(Object.keys(schema?.dependentRequired ?? {})).toEqual(["__proto__", "hasOwnProperty", "constructor"]);
      expect(Object.keys(schema?.patternProperties ?? {})).toEqual(["__proto__", "hasOwnProperty", "^x-"]);
      for (const map of ["dependentSchemas", "dependentRequired", "patternProperties", "properties"]) {
        expect(Object.getPrototypeOf(schema?.[map])).toBe(Object.prototype);
      }
      const rec = (schema?.$defs?.Rec ?? {}) as Record<string, unknown>;
      expect(Object.keys(rec.properties ?? {})).toEqual(["__proto__", "constructor", "hasOwnProperty"]);
      expect(rec.required).toEqual(["__proto__", "constructor"]);
    }
    const nested = model.tools.find((tool) => tool.name === "nested")?.inputSchema as { properties: { holder: { $defs: object } } };
    expect(Object.keys(nested.properties.holder.$defs)).toEqual(["toString", "constructor", "__proto__", "hasOwnProperty"]);
  });
});

describe("prototype names in data: const, enum, default, examples", () => {
  it("are typed as the JSON they are", () => {
    expect(types).toContain('k?: { "__proto__": 1, "hasOwnProperty": 2 };');
    expect(types).toContain('e?: ({ "__proto__": 1 } | { "toString": 2 } | { "a": 1 });');
  });

  it("a const or enum value with a `__proto__` key matches exactly that value", () => {
    expect(valid("validateDataInput", '{"k": {"__proto__": 1, "hasOwnProperty": 2}}')).toBe(true);
    expect(valid("validateDataInput", '{"k": {"hasOwnProperty": 2}}')).toBe(false);
    expect(valid("validateDataInput", '{"e": {"__proto__": 1}}')).toBe(true);
    expect(valid("validateDataInput", '{"e": {}}')).toBe(false);
  });

  // Regression: ajv's deep equal called the argument's own `toString` (a number here) and threw.
  it("an argument with an own `toString` or `valueOf` is compared, not called", () => {
    expect(valid("validateDataInput", '{"e": {"toString": 2}}')).toBe(true);
    expect(valid("validateDataInput", '{"e": {"toString": 3}}')).toBe(false);
    expect(valid("validateDataInput", '{"e": {"valueOf": 1}}')).toBe(false);
    expect(valid("validateDataInput", '{"u": [{"toString": 1}, {"toString": 2}]}')).toBe(true);
    expect(valid("validateDataInput", '{"u": [{"valueOf": 1}, {"valueOf": 1}]}')).toBe(false);
  });

  it("a default with a prototype-named key is filled in as an own property", () => {
    const input: Record<string, unknown> = {};
    expect(validators.validateDataInput?.(input)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(input.d, "hasOwnProperty")?.value).toBe(3);
  });
});

describe("defaults of properties named like Object.prototype members, and defaults holding `__proto__`", () => {
  // Regression: ajv filled `if (data.toString === undefined)`, found Object.prototype's,
  // filled nothing and checked the inherited function: every call without `toString` was refused.
  it("are filled in as own properties, each call its own copy, and the input validates", () => {
    const fill = (): Record<string, unknown> => {
      const input: Record<string, unknown> = {};
      expect(validators.validateDefaultsInput?.(input)).toBe(true);
      return input;
    };
    const input = fill();
    expect(Object.keys(input)).toEqual(["toString", "__proto__", "plain"]);
    expect(Object.getOwnPropertyDescriptor(input, "toString")?.value).toBe("t");
    expect(Object.getOwnPropertyDescriptor(input, "__proto__")?.value).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    const plain = input.plain as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(["__proto__", "hasOwnProperty"]);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain.polluted).toBeUndefined();
    expect(fill().plain).not.toBe(plain);
  });

  it("a value sent is kept and checked; nothing is filled inside anyOf, as ajv does", () => {
    expect(valid("validateDefaultsInput", '{"toString": 5}')).toBe(false);
    expect(valid("validateDefaultsInput", '{"__proto__": 3}')).toBe(false);
    const input = JSON.parse('{"toString": "mine", "choice": {}}') as Record<string, unknown>;
    expect(validators.validateDefaultsInput?.(input)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(input, "toString")?.value).toBe("mine");
    expect(input.choice).toEqual({});
  });

  it("types say they are always there", () => {
    expect(types).toMatch(/export interface DefaultsInput \{\n {2}"toString": string;\n {2}"__proto__": \{/);
  });
});

describe("defaults checked at generate", () => {
  let project: ManifestProject;
  beforeAll(() => {
    project = manifestProject();
  });
  afterAll(() => project.remove());

  // Regression: ajv's deep equal threw on the default's own `toString`, and the check skipped the whole schema.
  it("a default with an own `toString` is compared with an object enum, and reported when it is not one of them", async () => {
    const properties = {
      e: { enum: [{ a: 1 }], default: { toString: 1 } },
      u: { type: "array", uniqueItems: true, default: [{ valueOf: 1 }, { valueOf: 2 }] },
    };
    project.write("manifest.json", { server, tools: [{ name: "d", inputSchema: { type: "object", properties } }] });
    const errors = await project.errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^manifest\.json:\d+:\d+ \/tools\/0\/inputSchema\/properties\/e\/default: the default \{"toString":1\} does not match its own schema: must be one of \{"a":1\}$/,
    );
  });
});

describe("the whole project", () => {
  // A whole-project type check: ~50 s beside another busy test file on a 2-core machine.
  it("type-checks", { timeout: 120_000 }, async () => {
    expect(await typecheckProject(await buildModel("manifest.json", scratch.dir))).toEqual([]);
  });

  it("left Object.prototype as it was", () => {
    expect(prototypeSnapshot()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
