/**
 * Schemas that declare JSON Schema draft-07 (issue 16) generate and validate with
 * draft-07's meaning, beside a 2020-12 tool in the same manifest: `items` as a list
 * is a tuple checked position by position, `additionalItems: false` closes it,
 * `#/definitions/…` references resolve, `dependencies` applies (names and a schema);
 * tools/list serves the schema as written; a `$schema` of any other draft is still
 * refused, located.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompiledValidator, RouteTable } from "../../packages/runtime/src/index.js";
import { buildModel } from "../../packages/cli/src/pipeline.js";
import { runCli } from "../helpers/cli.js";
import { fillStubs } from "../helpers/fill-stubs.js";
import { type Scratch, scratchProject } from "../helpers/scratch.js";
import { memoryClient } from "../runtime/helpers/memory-client.js";

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

const oldInput = {
  $schema: DRAFT_07,
  type: "object",
  definitions: { label: { type: "string", minLength: 1 } },
  properties: {
    pair: { type: "array", items: [{ type: "string" }, { type: "integer", default: 7 }], additionalItems: false },
    open: { type: "array", items: [{ type: "string" }] },
    rest: { type: "array", items: [{ type: "string" }], additionalItems: { type: "integer" } },
    name: { $ref: "#/definitions/label" },
    card: { type: "string" },
    billing: { type: "string" },
    shipping: { type: "object" },
    // A default under anyOf, reached through additionalItems and dependencies: valid, dropped for ajv (nothing fills it).
    extras: {
      type: "array",
      items: [{ type: "string" }],
      additionalItems: { anyOf: [{ type: "object", properties: { n: { type: "integer", default: 1 } } }, { type: "string" }] },
    },
  },
  dependencies: {
    card: ["billing"],
    shipping: { required: ["name"], anyOf: [{ properties: { note: { type: "string", default: "none" } } }, { required: ["card"] }] },
  },
};

const manifest = {
  server: { name: "draft-07", version: "1.0.0" },
  codegen: { generatedDir: "gen", handlersDir: "handlers" },
  tools: [
    { name: "old", inputSchema: oldInput },
    {
      name: "current",
      inputSchema: {
        type: "object",
        properties: { pair: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false } },
      },
    },
  ],
};

let scratch: Scratch;
let validators: Record<string, CompiledValidator>;
let routes: RouteTable;

beforeAll(async () => {
  scratch = scratchProject("draft-07");
  writeFileSync(path.join(scratch.dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  const result = await runCli(["generate", "--quiet", "--no-typecheck", "manifest.json"], scratch.dir);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  fillStubs(await buildModel("manifest.json", scratch.dir));
  validators = (await import(pathToFileURL(path.join(scratch.dir, "gen/validators.gen.ts")).href)) as Record<string, CompiledValidator>;
  ({ routes } = (await import(pathToFileURL(path.join(scratch.dir, "gen/routes.gen.ts")).href)) as { routes: RouteTable });
}, 120_000);
afterAll(() => scratch.remove());

function accepts(name: string, input: Record<string, unknown>): boolean {
  const validate = validators[name];
  if (validate === undefined) throw new Error(`no validator ${name}`);
  return validate(input);
}

describe("a draft-07 tool schema at run time", () => {
  it("checks a tuple (items as a list) position by position", () => {
    expect(accepts("validateOldInput", { pair: ["a", 1] })).toBe(true);
    expect(accepts("validateOldInput", { pair: [1, "a"] })).toBe(false);
    expect(accepts("validateOldInput", { pair: ["a", "b"] })).toBe(false);
  });

  it("refuses items past the tuple with additionalItems: false, checks them against an additionalItems schema, allows them without one", () => {
    expect(accepts("validateOldInput", { pair: ["a", 1, 2] })).toBe(false);
    expect(accepts("validateOldInput", { rest: ["a", 1, 2] })).toBe(true);
    expect(accepts("validateOldInput", { rest: ["a", 1, "b"] })).toBe(false);
    expect(accepts("validateOldInput", { open: ["a", 1, null] })).toBe(true);
  });

  it("fills a tuple item's default, as ajv does for draft-07 tuples", () => {
    const input = { pair: ["a"] };
    expect(accepts("validateOldInput", input)).toBe(true);
    expect(input).toEqual({ pair: ["a", 7] });
  });

  it("resolves #/definitions/ references", () => {
    expect(accepts("validateOldInput", { name: "x" })).toBe(true);
    expect(accepts("validateOldInput", { name: "" })).toBe(false);
  });

  it("applies dependencies: a list of names, and a schema", () => {
    expect(accepts("validateOldInput", { card: "4242", billing: "Oslo" })).toBe(true);
    expect(accepts("validateOldInput", { card: "4242" })).toBe(false);
    expect(accepts("validateOldInput", { shipping: {} })).toBe(false);
    expect(accepts("validateOldInput", { shipping: {}, name: "x" })).toBe(true);
  });

  it("leaves a 2020-12 tool in the same manifest with 2020-12's meaning", () => {
    expect(accepts("validateCurrentInput", { pair: ["a", 1] })).toBe(true);
    expect(accepts("validateCurrentInput", { pair: ["a", 1, 2] })).toBe(false);
  });

  it("types a draft-07 tuple as the tuples the validator lets through", () => {
    const types = readFileSync(path.join(scratch.dir, "gen/types.gen.ts"), "utf8");
    // The item default is filled, but the type does not count on it: it may say less than the validator, never more.
    expect(types).toContain("pair?: ([] | [string] | [string, number]);");
    expect(types).toContain("rest?: ([] | [string, ...(number)[]]);");
  });
});

describe("a draft-07 tool through the runtime", () => {
  it("is listed with its schema as written, $schema included", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-11-25", {});
    const reply = await client.request("tools/list", {});
    const tools = (reply.result as { tools: { name: string; inputSchema: unknown }[] }).tools;
    expect(tools.find((tool) => tool.name === "old")?.inputSchema).toEqual(oldInput);
    expect(client.errors).toEqual([]);
  });

  it("calls the handler with valid arguments and refuses a tuple with an item too many", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-11-25", {});
    const good = await client.request("tools/call", { name: "old", arguments: { pair: ["a", 1] } });
    expect(good.error).toBeUndefined();
    expect(good.result?.isError).not.toBe(true);
    const bad = await client.request("tools/call", { name: "old", arguments: { pair: ["a", 1, 2] } });
    const refused = JSON.stringify(bad);
    expect(bad.error !== undefined || bad.result?.isError === true, refused).toBe(true);
    expect(refused).toContain("/pair");
  });
});

describe("any other draft", () => {
  it.each(["http://json-schema.org/draft-04/schema#", "https://example.com/my-dialect"])("is refused, located at $schema: %s", async (dialect) => {
    const other = { ...manifest, tools: [{ name: "old", inputSchema: { ...oldInput, $schema: dialect } }] };
    writeFileSync(path.join(scratch.dir, "other.json"), JSON.stringify(other, null, 2));
    const result = await runCli(["generate", "--quiet", "--no-typecheck", "other.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`/tools/0/inputSchema/$schema: invalid JSON Schema: ${JSON.stringify(dialect)} is not supported`);
  });
});
