/**
 * `x-mcp-header` (MCP 2026-07-28, SEP-2243): accepted where the spec allows it and
 * kept in tools/list; every rule the spec sets for it is a manifest error at the
 * annotation, since clients silently drop a tool that breaks one.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toolDefinition } from "../../packages/cli/src/emit/definitions.js";
import { compileValidatorSet } from "../../packages/cli/src/emit/validator-set.js";
import { type ManifestProject, manifestProject, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

const withInput = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  server,
  tools: [{ name: "t", inputSchema: { type: "object", properties, ...extra } }],
});
const header = (type: unknown, name: unknown): Record<string, unknown> => ({ type, "x-mcp-header": name });

describe("x-mcp-header", () => {
  it("is accepted on string, integer and boolean properties, nested ones too, and kept in the tool definition", async () => {
    const inputSchema = {
      type: "object",
      properties: {
        region: { type: "string", description: "Where to run", "x-mcp-header": "Region" },
        priority: header("integer", "Priority"),
        verbose: header("boolean", "Verbose"),
        target: { type: "object", properties: { zone: header("string", "Target-Zone") } },
        query: { type: "string" },
      },
      required: ["region", "query"],
    };
    project.write("manifest.json", { server, tools: [{ name: "t", inputSchema }] });
    const model = await project.build();
    expect(toolDefinition(model.tools[0]!).inputSchema).toEqual(inputSchema);
    // An annotation only: validation is what it would be without it.
    const validate = compileValidatorSet(model).plain.ajv.getSchema("validateTInput");
    expect(validate?.({ region: "eu", query: "q", priority: 2 })).toBe(true);
    expect(validate?.({ region: 1, query: "q" })).toBe(false);
  });

  it("may name a property whose schema comes from another file", async () => {
    project.write("region.json", { type: "string", minLength: 1 });
    project.write("manifest.json", withInput({ region: { $ref: "./region.json", "x-mcp-header": "Region" } }));
    expect((await project.build()).tools[0]?.inputSchema).toEqual({
      type: "object",
      properties: { region: { type: "string", allOf: [{ type: "string", minLength: 1 }], "x-mcp-header": "Region" } },
    });
  });

  it("is data, not an annotation, inside const, enum and default", async () => {
    project.write(
      "manifest.json",
      withInput({ p: { type: "object", enum: [{ "x-mcp-header": "" }, { "x-mcp-header": 1 }], const: { "x-mcp-header": 1 }, default: { "x-mcp-header": 1 } } }),
    );
    await expect(project.build()).resolves.toBeDefined();
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "an empty name",
      withInput({ a: header("string", "") }),
      ['manifest.json:14:13 /tools/0/inputSchema/properties/a/x-mcp-header: "x-mcp-header" must not be empty'],
    ],
    [
      "a name that is not a string",
      withInput({ a: header("string", 7) }),
      ['manifest.json:14:13 /tools/0/inputSchema/properties/a/x-mcp-header: "x-mcp-header" must be a string: the <Name> of the Mcp-Param-<Name> header'],
    ],
    [
      "a name with a space (not an HTTP token)",
      withInput({ a: header("string", "My Region") }),
      [
        'manifest.json:14:13 /tools/0/inputSchema/properties/a/x-mcp-header: "x-mcp-header" "My Region" is not an HTTP header name token: use letters, digits and !#$%&\'*+-.^_`|~ only',
      ],
    ],
    [
      "a name with a colon (not an HTTP token)",
      withInput({ a: header("string", "Region:") }),
      [
        'manifest.json:14:13 /tools/0/inputSchema/properties/a/x-mcp-header: "x-mcp-header" "Region:" is not an HTTP header name token: use letters, digits and !#$%&\'*+-.^_`|~ only',
      ],
    ],
    [
      "a name with CR LF",
      withInput({ a: header("string", "Region\r\nX-Injected") }),
      ['manifest.json:14:13 /tools/0/inputSchema/properties/a/x-mcp-header: "x-mcp-header" must not contain control characters'],
    ],
    [
      "a name with a tab",
      withInput({ a: header("string", "Re\tgion") }),
      ['manifest.json:14:13 /tools/0/inputSchema/properties/a/x-mcp-header: "x-mcp-header" must not contain control characters'],
    ],
    [
      "the same name twice, differing only in case",
      withInput({ a: header("string", "Region"), b: header("string", "REGION") }),
      [
        'manifest.json:18:13 /tools/0/inputSchema/properties/b/x-mcp-header: "x-mcp-header" "REGION" is already used at /tools/0/inputSchema/properties/a/x-mcp-header (header names are case-insensitive)',
      ],
    ],
    [
      "a number property",
      withInput({ a: header("number", "Score") }),
      [
        'manifest.json:14:13 /tools/0/inputSchema/properties/a/x-mcp-header: a parameter with "x-mcp-header" must have "type": "string", "integer" or "boolean" (it has "type": "number")',
      ],
    ],
    [
      "an object property",
      withInput({ a: { type: "object", "x-mcp-header": "A" } }),
      [
        'manifest.json:14:13 /tools/0/inputSchema/properties/a/x-mcp-header: a parameter with "x-mcp-header" must have "type": "string", "integer" or "boolean" (it has "type": "object")',
      ],
    ],
    [
      "a nullable string (type array)",
      withInput({ a: header(["string", "null"], "A") }),
      [
        'manifest.json:17:13 /tools/0/inputSchema/properties/a/x-mcp-header: a parameter with "x-mcp-header" must have "type": "string", "integer" or "boolean" (it has "type": ["string","null"])',
      ],
    ],
    [
      "a property without a type",
      withInput({ a: { enum: ["x", "y"], "x-mcp-header": "A" } }),
      [
        'manifest.json:17:13 /tools/0/inputSchema/properties/a/x-mcp-header: a parameter with "x-mcp-header" must have "type": "string", "integer" or "boolean" (it has no type)',
      ],
    ],
    [
      "the root of the inputSchema",
      { server, tools: [{ name: "t", inputSchema: { type: "object", "x-mcp-header": "All" } }] },
      ['manifest.json:11:9 /tools/0/inputSchema/x-mcp-header: "x-mcp-header" must be on a property of the inputSchema, not on its root'],
    ],
    [
      "a property of array items",
      withInput({ list: { type: "array", items: { type: "object", properties: { a: header("string", "A") } } } }),
      [
        'manifest.json:19:19 /tools/0/inputSchema/properties/list/items/properties/a/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "items"',
      ],
    ],
    [
      "a branch of anyOf",
      withInput({}, { anyOf: [{ properties: { a: header("string", "A") } }] }),
      [
        'manifest.json:17:17 /tools/0/inputSchema/anyOf/0/properties/a/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "anyOf"',
      ],
    ],
    [
      "a property under oneOf inside a property",
      withInput({ a: { oneOf: [header("string", "A")] } }),
      [
        'manifest.json:16:17 /tools/0/inputSchema/properties/a/oneOf/0/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "oneOf"',
      ],
    ],
    [
      "allOf and not",
      withInput({}, { allOf: [{ properties: { a: header("string", "A") } }], not: { properties: { b: header("string", "B") } } }),
      [
        'manifest.json:17:17 /tools/0/inputSchema/allOf/0/properties/a/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "allOf"',
        'manifest.json:26:15 /tools/0/inputSchema/not/properties/b/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "not"',
      ],
    ],
    [
      "if/then/else",
      withInput(
        { a: { type: "string" } },
        {
          if: { properties: { a: header("string", "A") } },
          then: { properties: { b: header("string", "B") } },
          else: { properties: { c: header("string", "C") } },
        },
      ),
      [
        'manifest.json:20:15 /tools/0/inputSchema/if/properties/a/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "if"',
        'manifest.json:28:15 /tools/0/inputSchema/then/properties/b/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "then"',
        'manifest.json:36:15 /tools/0/inputSchema/else/properties/c/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "else"',
      ],
    ],
    [
      "a $defs entry reached through $ref",
      withInput({ a: { $ref: "#/$defs/region" } }, { $defs: { region: header("string", "Region") } }),
      [
        'manifest.json:19:13 /tools/0/inputSchema/$defs/region/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "$defs"',
      ],
    ],
    [
      "patternProperties and additionalProperties",
      withInput({}, { patternProperties: { "^x": header("string", "X") }, additionalProperties: header("string", "Y") }),
      [
        'manifest.json:15:13 /tools/0/inputSchema/patternProperties/^x/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "patternProperties"',
        'manifest.json:20:11 /tools/0/inputSchema/additionalProperties/x-mcp-header: "x-mcp-header" must be on a property reached from the inputSchema\'s root through "properties" only, not through "additionalProperties"',
      ],
    ],
    [
      "an outputSchema",
      { server, tools: [{ name: "t", inputSchema: { type: "object" }, outputSchema: { type: "object", properties: { a: header("string", "A") } } }] },
      ['manifest.json:17:13 /tools/0/outputSchema/properties/a/x-mcp-header: "x-mcp-header" is only allowed in a tool\'s inputSchema'],
    ],
    [
      "a resource template variable's schema",
      { server, resourceTemplates: [{ name: "u", uriTemplate: "u://{id}", variables: { id: { schema: header("string", "Id") } } }] },
      ['manifest.json:14:13 /resourceTemplates/0/variables/id/schema/x-mcp-header: "x-mcp-header" is only allowed in a tool\'s inputSchema'],
    ],
  ])("rejects %s", async (_what, manifest, expected) => {
    project.write("manifest.json", manifest);
    expect(await project.errors()).toEqual(expected);
  });

  it("is reported in the file the schema was written in", async () => {
    project.write("tools/t.json", { name: "t", inputSchema: { type: "object", properties: { a: header("number", "A") } } });
    project.write("manifest.json", { server, tools: [{ $ref: "./tools/t.json" }] });
    expect(await project.errors()).toEqual([
      'tools/t.json:8:9 /inputSchema/properties/a/x-mcp-header: a parameter with "x-mcp-header" must have "type": "string", "integer" or "boolean" (it has "type": "number")',
    ]);
  });
});
