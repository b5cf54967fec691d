/**
 * docs/reference/manifest.md is generated from the manifest schema: the committed file
 * must be what `npm run docs:reference` writes today, and every field must say what it
 * is for, so a field added to the schema cannot go undocumented.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REFERENCE_COMMAND, REFERENCE_FILE, SCHEMA_FILE, readManifestSchema, renderManifestReference, type Schema } from "../../scripts/manifest-reference.js";
import { repoRoot } from "../helpers/scratch.js";

/** Every `properties` entry in the schema with its JSON pointer. */
function properties(schema: Schema, pointer: string): [string, Schema][] {
  const found: [string, Schema][] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    found.push([`${pointer}/properties/${name}`, property], ...properties(property, `${pointer}/properties/${name}`));
  }
  const children: [string, Schema | undefined][] = [
    ["items", schema.items],
    ["additionalProperties", typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined],
    ...(schema.oneOf ?? []).map((branch, index): [string, Schema] => [`oneOf/${index}`, branch]),
    ...Object.entries(schema.$defs ?? {}).map(([name, def]): [string, Schema] => [`$defs/${name}`, def]),
  ];
  for (const [key, child] of children) if (child !== undefined) found.push(...properties(child, `${pointer}/${key}`));
  return found;
}

describe("manifest reference", () => {
  it(`${REFERENCE_FILE} is what \`${REFERENCE_COMMAND}\` generates`, () => {
    const committed = readFileSync(path.join(repoRoot, REFERENCE_FILE), "utf8");
    const fresh = renderManifestReference(readManifestSchema());
    expect(committed === fresh, `${REFERENCE_FILE} is out of date with ${SCHEMA_FILE}: run \`${REFERENCE_COMMAND}\` and commit the result`).toBe(true);
  });

  it("gives every property of the manifest schema a description", () => {
    const schema = readManifestSchema();
    const described = (property: Schema): boolean => {
      if (property.description !== undefined) return true;
      const target = property.$ref?.replace(/^#\/\$defs\//, "");
      return target !== undefined && schema.$defs?.[target]?.description !== undefined;
    };
    const missing = properties(schema, "#")
      .filter(([, property]) => !described(property))
      .map(([pointer]) => pointer);
    expect(missing, `describe these in ${SCHEMA_FILE}, then run \`${REFERENCE_COMMAND}\``).toEqual([]);
  });

  it("keeps the schema file in JSON.stringify(schema, null, 2) form", () => {
    const text = readFileSync(path.join(repoRoot, SCHEMA_FILE), "utf8");
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });
});
