/**
 * Valid-looking schemas the generator cannot take, found before ajv or
 * json-schema-to-typescript see them, so each is a located problem in words
 * instead of an internal error (exit 2 with a stack):
 *
 * - a `$schema` other than 2020-12 (the manifest's schemas are 2020-12; ajv's
 *   Ajv2020 knows no other meta-schema and threw "no schema with key or ref");
 * - `$defs` and `definitions` in one schema (json-schema-to-typescript threw
 *   "Schema must define either definitions or $defs, not both").
 */
import { isSchemaObject } from "../emit/schema-walk.js";
import { joinPointer } from "../util/json-pointer.js";
import { ONE_SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from "../util/schema-keywords.js";
import type { SchemaProblemAt } from "./schema-meta.js";

export const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

function walk(schema: unknown, pointer: string, found: SchemaProblemAt[]): void {
  if (!isSchemaObject(schema)) return;
  if (Object.hasOwn(schema, "$defs") && Object.hasOwn(schema, "definitions")) {
    found.push({
      pointer: joinPointer(pointer, "definitions"),
      message: "a schema cannot have both $defs and definitions: move these entries into $defs (and their $refs to #/$defs/…)",
    });
  }
  for (const [keyword, value] of Object.entries(schema)) {
    const at = joinPointer(pointer, keyword);
    if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) value.forEach((item, index) => walk(item, joinPointer(at, String(index)), found));
    else if (ONE_SUBSCHEMA.has(keyword)) walk(value, at, found);
    else if (SUBSCHEMA_MAPS.has(keyword) && isSchemaObject(value)) for (const [name, item] of Object.entries(value)) walk(item, joinPointer(at, name), found);
  }
}

/** Problems of `schema` (a tool's input or output schema) the generator cannot handle, located inside it. */
export function unsupportedSchemaProblems(schema: unknown): SchemaProblemAt[] {
  const found: SchemaProblemAt[] = [];
  if (isSchemaObject(schema) && Object.hasOwn(schema, "$schema") && schema.$schema !== DRAFT_2020_12 && schema.$schema !== `${DRAFT_2020_12}#`) {
    found.push({
      pointer: "/$schema",
      message: `${JSON.stringify(schema.$schema)} is not supported: tool schemas are JSON Schema 2020-12; write "${DRAFT_2020_12}" or leave $schema out`,
    });
    return found;
  }
  walk(schema, "", found);
  return found;
}
