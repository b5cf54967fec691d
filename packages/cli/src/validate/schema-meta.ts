/**
 * A user's JSON Schema checked against the JSON Schema meta-schema before it is
 * compiled, so a mistake such as `"type": "int"` is reported at that keyword, in
 * words, instead of as ajv's compile error ("schema is invalid: data/properties/days/type
 * must be equal to one of the allowed values, … must be array, … must match a schema
 * in anyOf"), which names three rules and no place in the user's file.
 */
import type { ErrorObject } from "ajv";
import { type SchemaCompiler, createSchemaCompiler } from "../util/ajv-factory.js";
import { getAtPointer } from "../util/json-pointer.js";
import { type SchemaDialect, schemaDialect } from "../util/schema-dialect.js";
import { describeManifestError, selectErrors } from "./error-words.js";
import { type SchemaProblemAt, dialectProblem, unsupportedSchemaProblems } from "./unsupported-schemas.js";

const TYPES = ["string", "number", "integer", "boolean", "object", "array", "null"];

export type { SchemaProblemAt } from "./unsupported-schemas.js";

/** A property or definition named `type`, not the keyword. */
const NAMED_TYPE = /\/(properties|patternProperties|\$defs|definitions|dependentSchemas)\/type$/;

/** Alternatives ajv tried (`anyOf`) explain nothing the specific errors beside them do not. */
const ALTERNATIVES = new Set(["anyOf", "oneOf"]);

function describe(schema: unknown, pointer: string, errors: readonly ErrorObject[]): string {
  if (pointer.endsWith("/type")) {
    const value = getAtPointer(schema, pointer);
    const listed = `use ${TYPES.slice(0, -1)
      .map((type) => JSON.stringify(type))
      .join(", ")} or "null", or a list of them`;
    if (typeof value === "string") return `${JSON.stringify(value)} is not a JSON Schema type: ${listed}`;
    if (Array.isArray(value)) return `${JSON.stringify(value)} must list JSON Schema types, each once: ${listed}`;
  }
  const precise = errors.filter((error) => !ALTERNATIVES.has(error.keyword));
  const chosen = precise.find((error) => error.keyword === "enum") ?? precise[0] ?? errors[0];
  return chosen === undefined ? "is not a valid JSON Schema" : describeManifestError(chosen);
}

const metaCheckers = new Map<SchemaDialect, SchemaCompiler>();

/**
 * Every place where `schema` breaks the meta-schema, or uses a keyword, format or
 * regular expression ajv cannot compile (unsupported-schemas.ts), one message
 * each; empty when it is a valid schema.
 */
export function metaSchemaProblems(schema: unknown): SchemaProblemAt[] {
  // An unknown `$schema` makes ajv throw, so it is the one problem reported.
  const unknownDialect = dialectProblem(schema);
  if (unknownDialect !== undefined) return [unknownDialect];
  const dialect = schemaDialect(schema) ?? "2020-12";
  // Checking against the meta-schema adds nothing to the compiler, so one per draft serves every schema (building one per schema took seconds over a thousand tools).
  let ajv = metaCheckers.get(dialect);
  if (ajv === undefined) {
    ajv = createSchemaCompiler({ dialect });
    metaCheckers.set(dialect, ajv);
  }
  const unsupported = unsupportedSchemaProblems(schema, ajv);
  if (ajv.validateSchema(schema as object) === true) return unsupported;
  const byPlace = new Map<string, ErrorObject[]>();
  for (const error of selectErrors(ajv.errors ?? [])) {
    const list = byPlace.get(error.instancePath) ?? [];
    list.push(error);
    byPlace.set(error.instancePath, list);
  }
  // A wrong entry of a `type` list is explained by the message about the list itself.
  const typeLists = [...byPlace.keys()].filter((pointer) => pointer.endsWith("/type") && !NAMED_TYPE.test(pointer));
  const places = [...byPlace].filter(([pointer]) => !typeLists.some((list) => pointer.startsWith(`${list}/`)));
  return [...places.map(([pointer, errors]) => ({ pointer, message: describe(schema, pointer, errors) })), ...unsupported];
}
