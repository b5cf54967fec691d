/**
 * Schemas found by the manifest corpus (test/corpus) that stopped `generate`:
 *
 * - a keyword without a `type` beside it (`then: { properties: { code: { pattern } } }`),
 *   valid JSON Schema, was refused by ajv's strictTypes;
 * - a draft-07 `$schema` made generate exit 2 ("internal error … no schema with key or ref"):
 *   draft-07 now compiles (issue 16), any other draft is refused at its `$schema`;
 * - `$defs` and `definitions` in one schema made it exit 2 (json-schema-to-typescript:
 *   "Schema must define either definitions or $defs, not both").
 *
 * - several unknown keywords or formats, or bad regular expressions, came one per
 *   round (ajv's strict mode stops at the first), located at the schema's root;
 * - schema mistakes waited for a second round when the manifest had other problems;
 * - a schema file `$ref`'d from three places reported its mistake three times.
 *
 * The first now generates; the others are located problems in words, all at once.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ManifestProject, manifestProject, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

const tool = (inputSchema: Record<string, unknown>): Record<string, unknown> => ({ name: "t", inputSchema: { type: "object", ...inputSchema } });

describe("schemas the generator takes, or refuses in words", () => {
  it("accepts keywords without a type beside them, in then/else and dependentSchemas", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        tool({
          properties: { country: { type: "string" }, code: { type: "string" } },
          if: { properties: { country: { const: "US" } } },
          then: { properties: { code: { pattern: "^[0-9]{5}$" } } },
          else: { properties: { code: { minLength: 4 } } },
          dependentSchemas: { country: { properties: { code: { maxLength: 10 } } } },
        }),
      ],
    });
    expect((await project.build()).tools).toHaveLength(1);
  });

  it("accepts the 2020-12 $schema, with or without its empty fragment", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        { name: "a", inputSchema: { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" } },
        { name: "b", inputSchema: { $schema: "https://json-schema.org/draft/2020-12/schema#", type: "object" } },
      ],
    });
    expect((await project.build()).tools).toHaveLength(2);
  });

  it("accepts the draft-07 $schema, with or without its empty fragment (issue 16)", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        { name: "a", inputSchema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", items: [{ type: "string" }] } },
        { name: "b", inputSchema: { $schema: "http://json-schema.org/draft-07/schema", type: "object", definitions: { x: {} } } },
      ],
    });
    expect((await project.build()).tools).toHaveLength(2);
  });

  it("refuses a draft-07 schema's 2020-12 keywords, at the keyword", async () => {
    project.write("manifest.json", { server, tools: [tool({ $schema: "http://json-schema.org/draft-07/schema#", prefixItems: [{}] })] });
    expect(await project.errors()).toEqual([
      expect.stringMatching(/^manifest\.json:\d+:\d+ \/tools\/0\/inputSchema\/prefixItems: invalid JSON Schema: unknown keyword "prefixItems"/),
    ]);
  });

  it("refuses another draft's $schema at the keyword (regression: exit 2 with a stack)", async () => {
    project.write("manifest.json", { server, tools: [tool({ $schema: "http://json-schema.org/draft-04/schema#" })] });
    expect(await project.errors()).toEqual([
      'manifest.json:11:9 /tools/0/inputSchema/$schema: invalid JSON Schema: "http://json-schema.org/draft-04/schema#" is not supported: tool schemas are JSON Schema 2020-12 ("https://json-schema.org/draft/2020-12/schema", or no $schema) or draft-07 ("http://json-schema.org/draft-07/schema#")',
    ]);
  });

  it("refuses $defs beside definitions, at each such schema (regression: exit 2 with a stack)", async () => {
    project.write("manifest.json", {
      server,
      tools: [tool({ properties: { n: { type: "object", $defs: { a: {} }, definitions: { b: {} } } }, $defs: { c: {} }, definitions: { d: {} } })],
    });
    const move = "invalid JSON Schema: a schema cannot have both $defs and definitions: move these entries into $defs (and their $refs to #/$defs/…)";
    expect(await project.errors()).toEqual([
      `manifest.json:17:13 /tools/0/inputSchema/properties/n/definitions: ${move}`,
      `manifest.json:25:9 /tools/0/inputSchema/definitions: ${move}`,
    ]);
  });
});

describe("schema mistakes, all at once and at their keyword", () => {
  it("reports every unknown keyword (with the likely one), unknown format and bad regular expression", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        tool({
          properties: {
            q: { type: "string", minLenght: 1, format: "datetime" },
            c: { type: "string", pattern: "([a-z" },
            d: { type: "object", patternProperties: { "*x": {} } },
          },
          requierd: ["q"],
          $defs: { unused: { type: "string", maxLenght: 2 } },
        }),
      ],
    });
    const errors = await project.errors();
    expect(errors.map((line) => line.replace(/: use one of .*$/, ": use one of …"))).toEqual([
      'manifest.json:14:13 /tools/0/inputSchema/properties/q/minLenght: invalid JSON Schema: unknown keyword "minLenght" (did you mean "minLength"?)',
      'manifest.json:15:13 /tools/0/inputSchema/properties/q/format: invalid JSON Schema: unknown format "datetime": use one of …',
      "manifest.json:19:13 /tools/0/inputSchema/properties/c/pattern: invalid JSON Schema: Invalid regular expression: /([a-z/u: Unterminated character class",
      "manifest.json:24:15 /tools/0/inputSchema/properties/d/patternProperties/*x: invalid JSON Schema: Invalid regular expression: /*x/u: Nothing to repeat",
      'manifest.json:28:9 /tools/0/inputSchema/requierd: invalid JSON Schema: unknown keyword "requierd" (did you mean "required"?)',
      'manifest.json:34:13 /tools/0/inputSchema/$defs/unused/maxLenght: invalid JSON Schema: unknown keyword "maxLenght" (did you mean "maxLength"?)',
    ]);
  });

  it("reports schema mistakes in the same round as the manifest's other problems", async () => {
    project.write("manifest.json", { server: { ...server, colour: "blue" }, tools: [tool({ properties: { days: { type: "int" } } })] });
    expect(await project.errors()).toEqual([
      'manifest.json:5:5 /server/colour: unknown property "colour"',
      'manifest.json:14:13 /tools/0/inputSchema/properties/days/type: invalid JSON Schema: "int" is not a JSON Schema type: use "string", "number", "integer", "boolean", "object", "array" or "null", or a list of them',
    ]);
  });

  it("reports a default that breaks its schema in the same round too", async () => {
    project.write("manifest.json", { server: { ...server, colour: "blue" }, tools: [tool({ properties: { days: { type: "integer", default: "ten" } } })] });
    expect(await project.errors()).toEqual([
      'manifest.json:5:5 /server/colour: unknown property "colour"',
      'manifest.json:15:13 /tools/0/inputSchema/properties/days/default: the default "ten" does not match its own schema: must be integer',
    ]);
  });

  it("reports a mistake in a schema file once, however many places use it", async () => {
    const uses = { type: "object", properties: { issue: { $ref: "./issue.json" } } };
    project.write("manifest.json", {
      server,
      tools: [
        { name: "a", inputSchema: uses },
        { name: "b", inputSchema: uses, outputSchema: uses },
      ],
    });
    project.write("issue.json", { type: "object", properties: { title: { type: "sting" } } });
    expect(await project.errors()).toEqual([
      'issue.json:5:7 /properties/title/type: invalid JSON Schema: "sting" is not a JSON Schema type: use "string", "number", "integer", "boolean", "object", "array" or "null", or a list of them',
    ]);
  });
});

describe("manifest mistakes in words", () => {
  it("tenants: source or sources, exactly one", async () => {
    project.write("manifest.json", { server, tenants: { source: { type: "header" }, sources: [{ type: "header" }] } });
    expect(await project.errors()).toEqual(['manifest.json:6:3 /tenants: give "source" or "sources", not both']);
    project.write("manifest.json", { server, tenants: { required: true } });
    expect(await project.errors()).toEqual(['manifest.json:6:3 /tenants: missing "source" or "sources"']);
  });

  it("a jwt scheme with both jwksUri and keyEnv (the runtime refused it at start-up)", async () => {
    project.write("manifest.json", { server, auth: { schemes: [{ type: "jwt", audience: "a", jwksUri: "https://i.example.com/jwks", keyEnv: "K" }] } });
    expect(await project.errors()).toEqual(['manifest.json:8:7 /auth/schemes/0: a jwt scheme takes "jwksUri" or "keyEnv", not both']);
  });
});

describe("a wrong type list", () => {
  it("is one problem, not one more per wrong entry; a property named type keeps its own problems", async () => {
    project.write("manifest.json", {
      server,
      tools: [tool({ properties: { city: { type: ["string", "text"] }, type: { type: "string", minLength: -1 } } })],
    });
    expect(await project.errors()).toEqual([
      'manifest.json:13:13 /tools/0/inputSchema/properties/city/type: invalid JSON Schema: ["string","text"] must list JSON Schema types, each once: use "string", "number", "integer", "boolean", "object", "array" or "null", or a list of them',
      "manifest.json:20:13 /tools/0/inputSchema/properties/type/minLength: invalid JSON Schema: must be >= 0",
    ]);
  });
});
