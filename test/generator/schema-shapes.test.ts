/**
 * Valid JSON Schema the generator used to refuse or mishandle (issue 16), end to
 * end: `generate` succeeds, the types say what the schema says, and the generated
 * validators, imported and run, accept and reject as JSON Schema does.
 *
 * - 2020-12 tuples (`prefixItems` + `items: false`) were refused by ajv's strict
 *   tuple rule, and typed `never[]`.
 * - A property named `__proto__` produced bogus schema errors (`result[key] = …`
 *   replaced the prototype); an optional `toString` behaved as required at run time
 *   (`data.toString !== undefined` found Object.prototype's).
 * - A description or enum value containing `require(` made generate exit 2: the
 *   emitter rewrote ajv's code by text.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileUriTemplate } from "../../packages/runtime/src/index.js";
import type { CompiledValidator, RouteTable } from "../../packages/runtime/src/index.js";
import { typecheckProject } from "../../packages/cli/src/check/typecheck.js";
import { buildModel, planFiles } from "../../packages/cli/src/pipeline.js";
import { runCli } from "../helpers/cli.js";
import { memoryClient } from "../runtime/helpers/memory-client.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";
import { type ManifestProject, manifestProject, server } from "./manifest-project.js";

const tuple = (extra: Record<string, unknown>): Record<string, unknown> => ({
  type: "array",
  prefixItems: [{ type: "number" }, { type: "string" }],
  ...extra,
});

const tools: Record<string, unknown>[] = [
  {
    name: "tuples",
    inputSchema: {
      type: "object",
      properties: {
        closed: tuple({ items: false, minItems: 2 }),
        short: tuple({ items: false }),
        rest: { type: "array", prefixItems: [{ type: "number" }], items: { type: "boolean" }, minItems: 1 },
        open: { type: "array", prefixItems: [{ type: "number" }], minItems: 1 },
      },
      required: ["closed"],
    },
  },
  // `__proto__` is spliced in as text below: in a JS object literal it would set the prototype.
  {
    name: "names",
    inputSchema: {
      type: "object",
      properties: {
        PROTO: { type: "object" },
        toString: { type: "string" },
        constructor: { type: "number" },
        "": { type: "number" },
        "café ☕": { type: "string" },
      },
      required: ["PROTO"],
    },
  },
  {
    name: "defs",
    inputSchema: {
      type: "object",
      properties: { a: { $ref: "#/$defs/hasOwnProperty" }, b: { $ref: "#/$defs/PROTO" } },
      $defs: { hasOwnProperty: { type: "string" }, PROTO: { type: "number" } },
    },
  },
  {
    name: "optional-members",
    inputSchema: { type: "object", properties: { toString: { type: "string" }, valueOf: { type: "string" }, hasOwnProperty: { type: "string" } } },
  },
  {
    name: "words",
    description: 'Runs require("child_process") for you; export const a = b;',
    inputSchema: {
      type: "object",
      properties: {
        module: {
          description: 'require("fs").readFileSync',
          enum: ['require("fs")', 'require("ajv/dist/runtime/equal").default', "export const x = validate1;"],
        },
      },
      required: ["module"],
    },
  },
  {
    name: "uneval",
    inputSchema: { type: "object", allOf: [{ properties: { a: { type: "string" } } }], unevaluatedProperties: false },
  },
  {
    name: "tree",
    inputSchema: { type: "object", $dynamicAnchor: "node", properties: { kids: { type: "array", items: { $dynamicRef: "#node" } } } },
  },
];

const prompts = [
  {
    name: "ask",
    arguments: [
      { name: "__proto__", required: false, completion: { values: ["a"] } },
      { name: "toString", required: false },
    ],
  },
];
const resourceTemplates = [{ name: "note", uriTemplate: "note://{__proto__}/{toString}", variables: { toString: { schema: { type: "integer" } } } }];

const manifestText = JSON.stringify(
  { server, codegen: { generatedDir: "gen", handlersDir: "handlers" }, tools, prompts, resourceTemplates },
  null,
  2,
).replaceAll("PROTO", "__proto__");

let scratch: Scratch;
let validators: Record<string, CompiledValidator>;
let templateValidators: Record<string, CompiledValidator>;
let generated: (file: string) => string;

beforeAll(async () => {
  scratch = scratchProject("schema-shapes");
  writeFileSync(path.join(scratch.dir, "manifest.json"), manifestText);
  const result = await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  generated = (file) => readFileSync(path.join(scratch.dir, "gen", file), "utf8");
  validators = (await import(pathToFileURL(path.join(scratch.dir, "gen/validators.gen.ts")).href)) as Record<string, CompiledValidator>;
  templateValidators = (await import(pathToFileURL(path.join(scratch.dir, "gen/template-validators.gen.ts")).href)) as Record<string, CompiledValidator>;
});
afterAll(() => scratch.remove());

function check(name: string, json: string): boolean {
  const validate = validators[name] ?? templateValidators[name];
  if (validate === undefined) throw new Error(`no validator ${name}`);
  const valid = validate(JSON.parse(json));
  return valid;
}

describe("2020-12 tuples", () => {
  it("compile, and a closed tuple validates as one", () => {
    expect(check("validateTuplesInput", '{"closed": [1, "a"]}')).toBe(true);
    expect(check("validateTuplesInput", '{"closed": [1, "a", 2]}')).toBe(false);
    expect(check("validateTuplesInput", '{"closed": ["a", 1]}')).toBe(false);
    expect(check("validateTuplesInput", '{"closed": [1]}')).toBe(false);
    expect(check("validateTuplesInput", '{"closed": [1, "a"], "short": [], "rest": [1, true, false], "open": [1, {}]}')).toBe(true);
    expect(check("validateTuplesInput", '{"closed": [1, "a"], "rest": [1, "no"]}')).toBe(false);
  });

  it("are typed as TypeScript tuples: closed, shorter ones optional, the rest spread", () => {
    const types = generated("types.gen.ts");
    expect(types).toContain("closed: [number, string];");
    expect(types).toContain("short?: ([] | [number] | [number, string]);");
    expect(types).toContain("rest?: [number, ...(boolean)[]];");
    expect(types).toContain("open?: [number, ...(unknown)[]];");
  });
});

describe("property names that are Object.prototype members, __proto__, unicode or empty", () => {
  it("an omitted optional `toString` (or valueOf, hasOwnProperty) passes; a wrong one fails", () => {
    expect(check("validateOptionalMembersInput", "{}")).toBe(true);
    expect(check("validateOptionalMembersInput", '{"toString": "x", "valueOf": "y"}')).toBe(true);
    expect(check("validateOptionalMembersInput", '{"toString": 1}')).toBe(false);
    expect(check("validateNamesInput", '{"__proto__": {}, "constructor": 3, "": 1, "café ☕": "x"}')).toBe(true);
    expect(check("validateNamesInput", '{"__proto__": {}, "": "not a number"}')).toBe(false);
  });

  it("a required `__proto__` must be an own property; as data it never pollutes prototypes", () => {
    expect(check("validateNamesInput", "{}")).toBe(false);
    expect(check("validateNamesInput", '{"__proto__": 5}')).toBe(false);
    expect(check("validateNamesInput", '{"__proto__": {"polluted": true}}')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps `__proto__` an own property in tools/list, and quotes the keys of the types", async () => {
    const { routes } = (await import(pathToFileURL(path.join(scratch.dir, "gen/routes.gen.ts")).href)) as { routes: RouteTable };
    const properties = routes.tools.get("names")?.definition.inputSchema.properties ?? {};
    expect(Object.keys(properties)).toEqual(["__proto__", "toString", "constructor", "", "café ☕"]);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(routes.prompts.get("ask")?.completion?.values).toEqual(Object.fromEntries([["__proto__", ["a"]]]));
    const types = generated("types.gen.ts");
    expect(types).toContain('""?: number;');
    expect(types).toContain('"café ☕"?: string;');
    expect(types).toContain('"toString"?: string;');
    expect(types).toContain('"__proto__": {');
  });

  it("completion answers for arguments named `__proto__` and `toString` (no values) from own entries only", async () => {
    const { routes } = (await import(pathToFileURL(path.join(scratch.dir, "gen/routes.gen.ts")).href)) as { routes: RouteTable };
    const client = memoryClient(routes);
    await client.initialize("2025-11-25", {});
    const complete = async (name: string): Promise<unknown> =>
      (await client.request("completion/complete", { ref: { type: "ref/prompt", name: "ask" }, argument: { name, value: "" } })).result;
    expect(await complete("__proto__")).toEqual({ completion: { values: ["a"], total: 1, hasMore: false } });
    // Regression: `values["toString"]` found Object.prototype.toString, and `.filter` threw.
    expect(await complete("toString")).toEqual({ completion: { values: [], total: 0, hasMore: false } });
    expect(await complete("constructor")).toEqual({ completion: { values: [], total: 0, hasMore: false } });
  });

  it("tools/call with `__proto__` as data: validated as the schema says, and no prototype is touched", async () => {
    const { routes } = (await import(pathToFileURL(path.join(scratch.dir, "gen/routes.gen.ts")).href)) as { routes: RouteTable };
    const client = memoryClient(routes);
    await client.initialize("2025-11-25", {});
    const call = async (argumentsJson: string): Promise<string> => {
      const params = JSON.parse(`{"name": "names", "arguments": ${argumentsJson}}`) as Record<string, unknown>;
      return JSON.stringify((await client.request("tools/call", params)).result);
    };
    // The stub handler runs (and says it is not implemented): the arguments were valid.
    expect(await call('{"__proto__": {"polluted": true}, "constructor": 1}')).not.toContain("Invalid arguments");
    expect(await call('{"__proto__": 5}')).toContain("Invalid arguments for tool names: /__proto__ must be object");
    expect(await call("{}")).toContain("must have required property '__proto__'");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("`$defs` named `hasOwnProperty` or `__proto__` generate types named after them, and validate", () => {
    const types = generated("types.gen.ts");
    expect(types).toContain("a?: DefsInputHasOwnProperty;");
    expect(types).toContain("b?: DefsInputProto;");
    expect(check("validateDefsInput", '{"a": "x", "b": 1}')).toBe(true);
    expect(check("validateDefsInput", '{"b": "x"}')).toBe(false);
  });

  it("prompt arguments and template variables named `__proto__` / `toString` are validated as declared", () => {
    expect(check("validateAskArguments", "{}")).toBe(true);
    expect(check("validateAskArguments", '{"__proto__": "x", "toString": "y"}')).toBe(true);
    expect(check("validateAskArguments", '{"toString": 1}')).toBe(false);
    const variables = compileUriTemplate("note://{__proto__}/{toString}")("note://a/7");
    expect(variables !== undefined && Object.hasOwn(variables, "__proto__")).toBe(true);
    expect(templateValidators.validateNoteVariables?.(variables)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(variables, "toString")?.value).toBe(7);
    expect(templateValidators.validateNoteVariables?.({ ...compileUriTemplate("note://{__proto__}/{toString}")("note://a/x") })).toBe(false);
  });
});

describe("user text that looks like code", () => {
  it("`require(` in a description or enum generates, validates, and is never a require call", () => {
    expect(check("validateWordsInput", '{"module": "require(\\"fs\\")"}')).toBe(true);
    expect(check("validateWordsInput", '{"module": "require(\\"ajv/dist/runtime/equal\\").default"}')).toBe(true);
    expect(check("validateWordsInput", '{"module": "export const x = validate1;"}')).toBe(true);
    expect(check("validateWordsInput", '{"module": "fs"}')).toBe(false);
    for (const file of ["validators.gen.ts", "template-validators.gen.ts"]) {
      // Every `require(` left is inside a JSON string of the schema.
      expect(generated(file)).not.toMatch(/(^|[^"\\])require\(/m);
    }
  });

  // A whole-project type check: ~18 s beside another busy test file on a 2-core machine.
  it("the generated project type-checks", { timeout: 120_000 }, async () => {
    expect(await typecheckProject(await buildModel("manifest.json", scratch.dir))).toEqual([]);
  });

  it("validators are byte-identical run to run", async () => {
    const plan = async (): Promise<string[]> => (await planFiles(await buildModel("manifest.json", scratch.dir))).map((file) => file.contents);
    expect(await plan()).toEqual(await plan());
  });
});

describe("other 2020-12 shapes", () => {
  it("unevaluatedProperties sees properties evaluated in allOf", () => {
    expect(check("validateUnevalInput", '{"a": "x"}')).toBe(true);
    expect(check("validateUnevalInput", '{"a": "x", "b": 1}')).toBe(false);
  });

  it("$dynamicRef recurses through the dynamic anchor", () => {
    expect(check("validateTreeInput", '{"kids": [{"kids": []}, {}]}')).toBe(true);
    expect(check("validateTreeInput", '{"kids": [{"kids": 5}]}')).toBe(false);
  });
});

describe("strictness kept for real mistakes", () => {
  let project: ManifestProject;
  beforeAll(() => {
    project = manifestProject();
  });
  afterAll(() => project.remove());

  it("an unknown keyword beside a tuple is still reported", async () => {
    project.write("manifest.json", { server, tools: [{ name: "t", inputSchema: { type: "object", properties: { p: tuple({ itemz: false }) } } }] });
    expect(await project.errors()).toEqual([
      'manifest.json:22:13 /tools/0/inputSchema/properties/p/itemz: invalid JSON Schema: unknown keyword "itemz" (did you mean "items"?)',
    ]);
  });
});
