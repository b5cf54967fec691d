/**
 * Every `default` in a tool's schemas must itself be valid against the schema it sits
 * in: `"days": { "type": "integer", "default": "twenty" }` is a mistake to report
 * at generate time, in the user's file, not a value to hand a handler that was
 * promised an integer. JSON Schema leaves `default` unchecked, and so does ajv.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { SourceMap } from "../load/source-map.js";
import type { ManifestModel } from "../model/types.js";
import { type SchemaCompiler, createSchemaCompiler } from "../util/ajv-factory.js";
import { getAtPointer, joinPointer, pointerAsFragment } from "../util/json-pointer.js";
import { ONE_SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from "../util/schema-keywords.js";
import { type SchemaDialect, schemaDialect } from "../util/schema-dialect.js";
import { describeManifestError } from "./error-words.js";

type Json = Record<string, unknown>;

const isSchemaObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const own = (object: Json, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** The pointer (inside `schema`) of every subschema that declares a `default`. */
export function defaultPointers(schema: unknown, pointer = ""): string[] {
  if (!isSchemaObject(schema)) return [];
  const found = own(schema, "default") ? [pointer] : [];
  for (const [keyword, value] of Object.entries(schema)) {
    const at = joinPointer(pointer, keyword);
    if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value))
      value.forEach((child, index) => found.push(...defaultPointers(child, joinPointer(at, String(index)))));
    else if (ONE_SUBSCHEMA.has(keyword)) found.push(...defaultPointers(value, at));
    else if (SUBSCHEMA_MAPS.has(keyword) && isSchemaObject(value))
      for (const name of Object.keys(value)) found.push(...defaultPointers(value[name], joinPointer(at, name)));
  }
  return found;
}

/**
 * One compiler for every schema's defaults: building one (meta-schemas, formats) cost
 * more than checking the defaults of a schema, seconds over a thousand tools. Each
 * schema gets a key of its own, so no compiled part of one is taken for another's.
 * One per draft (util/schema-dialect.ts).
 */
const shared = new Map<SchemaDialect, { readonly ajv: SchemaCompiler; units: number }>();

function defaultProblemsWith(ajv: SchemaCompiler, key: string, root: Json, pointers: readonly string[], at: string): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  ajv.addSchema(root, key);
  for (const pointer of pointers) {
    const validate = ajv.getSchema(`${key}${pointerAsFragment(pointer)}`);
    const node = getAtPointer(root, pointer);
    if (validate === undefined || !isSchemaObject(node) || validate(node.default)) continue;
    const reasons = (validate.errors ?? []).map((error) => `${error.instancePath === "" ? "" : `${error.instancePath} `}${describeManifestError(error)}`);
    problems.push({
      pointer: `${at}${pointer}/default`,
      message: `the default ${JSON.stringify(node.default)} does not match its own schema: ${[...new Set(reasons)].join("; ")}`,
    });
  }
  return problems;
}

/** Problems with the defaults of one schema, at their manifest pointers; a schema that does not compile is reported elsewhere. */
export function schemaDefaultProblems(schema: unknown, at: string): { pointer: string; message: string }[] {
  const pointers = defaultPointers(schema);
  if (pointers.length === 0 || !isSchemaObject(schema)) return [];
  const { $id: _id, ...root } = schema;
  const dialect = schemaDialect(schema) ?? "2020-12";
  const compiler = shared.get(dialect) ?? { ajv: createSchemaCompiler({ dialect }), units: 0 };
  shared.set(dialect, compiler);
  compiler.units += 1;
  try {
    return defaultProblemsWith(compiler.ajv, `unit${compiler.units}`, root, pointers, at);
  } catch {
    // Perhaps an `$id` inside the schema that an earlier schema used too: alone, in a compiler of its own.
  }
  try {
    return defaultProblemsWith(createSchemaCompiler({ dialect }), "unit", root, pointers, at);
  } catch {
    // The schema itself does not compile: checkJsonSchemas reports that.
    return [];
  }
}

export function checkSchemaDefaults(model: ManifestModel, sources: SourceMap, rootFile: string): Diagnostic[] {
  const problems = model.tools.flatMap((tool) => [
    ...schemaDefaultProblems(tool.inputSchema, `${tool.pointer}/inputSchema`),
    ...(tool.outputSchema === undefined ? [] : schemaDefaultProblems(tool.outputSchema, `${tool.pointer}/outputSchema`)),
  ]);
  return problems.map((problem) => sources.diagnostic(problem.pointer, problem.message, rootFile));
}
