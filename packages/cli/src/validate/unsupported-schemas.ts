/**
 * Problems in a user's schema that ajv reports one at a time, at the schema's
 * root, or not in words, found by one walk so every one is reported at once, at
 * its keyword:
 *
 * - unknown keywords (`"minLenght"`) and formats (`"datetime"`): ajv's strict
 *   mode stops at the first, reported at the root of the whole schema;
 * - a `pattern` or `patternProperties` key that is no regular expression: the same;
 * - `$defs` and `definitions` in one schema: json-schema-to-typescript threw
 *   ("Schema must define either definitions or $defs, not both"), an internal error;
 * - a `$schema` other than 2020-12 or draft-07 (util/schema-dialect.ts; ajv knows no
 *   other meta-schema and threw "no schema with key or ref", an internal error).
 */
import { isSchemaObject } from "../emit/schema-walk.js";
import type { SchemaCompiler } from "../util/ajv-factory.js";
import { DRAFT_07, DRAFT_2020_12, schemaDialect } from "../util/schema-dialect.js";
import { didYouMean } from "../util/closest-name.js";
import { joinPointer } from "../util/json-pointer.js";
import { ONE_SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from "../util/schema-keywords.js";

export interface SchemaProblemAt {
  /** Inside the schema. */
  readonly pointer: string;
  readonly message: string;
}

function unknownKeyword(keyword: string, known: readonly string[]): string {
  return `unknown keyword "${keyword}"${didYouMean(keyword, known)}`;
}

function regexProblem(source: string): string | undefined {
  try {
    // ajv compiles patterns with the u flag (its unicodeRegExp default).
    new RegExp(source, "u");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function walker(ajv: SchemaCompiler, found: SchemaProblemAt[]): (schema: unknown, pointer: string) => void {
  const known = Object.keys(ajv.RULES.keywords);
  const formats = Object.keys(ajv.formats);
  const walk = (schema: unknown, pointer: string): void => {
    if (!isSchemaObject(schema)) return;
    if (Object.hasOwn(schema, "$defs") && Object.hasOwn(schema, "definitions")) {
      found.push({
        pointer: joinPointer(pointer, "definitions"),
        message: "a schema cannot have both $defs and definitions: move these entries into $defs (and their $refs to #/$defs/…)",
      });
    }
    for (const [keyword, value] of Object.entries(schema)) {
      const at = joinPointer(pointer, keyword);
      if (!Object.hasOwn(ajv.RULES.keywords, keyword)) found.push({ pointer: at, message: unknownKeyword(keyword, known) });
      else if (keyword === "format" && typeof value === "string" && !Object.hasOwn(ajv.formats, value)) {
        found.push({ pointer: at, message: `unknown format "${value}": use one of ${formats.join(", ")}` });
      } else if (keyword === "pattern" && typeof value === "string") {
        const problem = regexProblem(value);
        if (problem !== undefined) found.push({ pointer: at, message: problem });
      } else if (keyword === "patternProperties" && isSchemaObject(value)) {
        for (const key of Object.keys(value)) {
          const problem = regexProblem(key);
          if (problem !== undefined) found.push({ pointer: joinPointer(at, key), message: problem });
        }
      }
      if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) value.forEach((item, index) => walk(item, joinPointer(at, String(index))));
      else if (ONE_SUBSCHEMA.has(keyword)) walk(value, at);
      else if (SUBSCHEMA_MAPS.has(keyword) && isSchemaObject(value)) for (const [name, item] of Object.entries(value)) walk(item, joinPointer(at, name));
    }
  };
  return walk;
}

/** A `$schema` the generator cannot compile with, or undefined. */
export function dialectProblem(schema: unknown): SchemaProblemAt | undefined {
  if (!isSchemaObject(schema) || schemaDialect(schema) !== undefined) return undefined;
  return {
    pointer: "/$schema",
    message: `${JSON.stringify(schema.$schema)} is not supported: tool schemas are JSON Schema 2020-12 ("${DRAFT_2020_12}", or no $schema) or draft-07 ("${DRAFT_07}")`,
  };
}

/** Every unknown keyword or format, bad regular expression and `$defs` beside `definitions` in `schema`, located inside it. */
export function unsupportedSchemaProblems(schema: unknown, ajv: SchemaCompiler): SchemaProblemAt[] {
  const found: SchemaProblemAt[] = [];
  walker(ajv, found)(schema, "");
  return found;
}
