/**
 * Schemas found by the manifest corpus (test/corpus) that stopped `generate`:
 *
 * - a keyword without a `type` beside it (`then: { properties: { code: { pattern } } }`),
 *   valid JSON Schema, was refused by ajv's strictTypes;
 * - a draft-07 `$schema` made generate exit 2 ("internal error … no schema with key or ref");
 * - `$defs` and `definitions` in one schema made it exit 2 (json-schema-to-typescript:
 *   "Schema must define either definitions or $defs, not both").
 *
 * The first now generates; the other two are located problems in words.
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

  it("refuses another draft's $schema at the keyword (regression: exit 2 with a stack)", async () => {
    project.write("manifest.json", { server, tools: [tool({ $schema: "http://json-schema.org/draft-07/schema#" })] });
    expect(await project.errors()).toEqual([
      'manifest.json:11:9 /tools/0/inputSchema/$schema: invalid JSON Schema: "http://json-schema.org/draft-07/schema#" is not supported: tool schemas are JSON Schema 2020-12; write "https://json-schema.org/draft/2020-12/schema" or leave $schema out',
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
