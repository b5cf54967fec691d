/**
 * A JSON Schema that breaks the meta-schema is reported at the keyword, in words,
 * each mistake on its own (regression: `"type": "int"` gave ajv's compile error,
 * three rules and no place: "schema is invalid: data/properties/days/type must be
 * equal to one of the allowed values, … must be array, … must match a schema in anyOf").
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ManifestProject, manifestProject, server } from "./manifest-project.js";

let project: ManifestProject;
beforeEach(() => {
  project = manifestProject();
});
afterEach(() => project.remove());

describe("JSON Schema mistakes, in words", () => {
  it("names the bad type and lists the allowed ones; reports every other mistake at its keyword", async () => {
    project.write("manifest.json", {
      server,
      tools: [
        {
          name: "forecast",
          inputSchema: {
            type: "object",
            properties: {
              days: { type: "int" },
              city: { type: ["string", "string"] },
              hour: { type: "integer", minimum: "5" },
            },
            required: "days",
          },
        },
      ],
    });
    expect(await project.errors()).toEqual([
      'manifest.json:13:13 /tools/0/inputSchema/properties/days/type: invalid JSON Schema: "int" is not a JSON Schema type: use "string", "number", "integer", "boolean", "object", "array" or "null", or a list of them',
      'manifest.json:16:13 /tools/0/inputSchema/properties/city/type: invalid JSON Schema: ["string","string"] must list JSON Schema types, each once: use "string", "number", "integer", "boolean", "object", "array" or "null", or a list of them',
      "manifest.json:23:13 /tools/0/inputSchema/properties/hour/minimum: invalid JSON Schema: must be number",
      "manifest.json:26:9 /tools/0/inputSchema/required: invalid JSON Schema: must be array",
    ]);
  });
});
