/**
 * Compiles every JSON Schema in the manifest with ajv in strict mode, so a typo
 * such as `"requierd"` or a `$ref` to nothing fails at generate time, in the
 * user's file, instead of at the first request. The compiled validators are kept
 * for the validator emitter (see emit/validator-set.ts).
 */
import type { Diagnostic } from "../diagnostics.js";
import { compileValidatorSet } from "../emit/validator-set.js";
import type { SourceMap } from "../load/source-map.js";
import type { ManifestModel } from "../model/types.js";
import { isSchemaObject } from "../emit/schema-walk.js";
import { createSchemaCompiler } from "../util/ajv-factory.js";
import { joinPointer } from "../util/json-pointer.js";
import { schemaDefaultProblems } from "./schema-defaults.js";
import { metaSchemaProblems } from "./schema-meta.js";

/** A broken variables schema is compiled variable by variable, to point at the variable that is wrong. */
function variableProblems(model: ManifestModel, pointer: string): { pointer: string; message: string }[] | undefined {
  const template = model.resourceTemplates.find((candidate) => `${candidate.pointer}/variables` === pointer);
  if (template === undefined) return undefined;
  const ajv = createSchemaCompiler({ coerceTypes: true });
  const problems: { pointer: string; message: string }[] = [];
  for (const variable of template.variables) {
    try {
      ajv.compile(variable.schema);
    } catch (error) {
      const message = error instanceof Error ? error.message.replace(/^strict mode: /, "") : String(error);
      problems.push({ pointer: `${joinPointer(`${template.pointer}/variables`, variable.name)}/schema`, message });
    }
  }
  return problems.length > 0 ? problems : undefined;
}

/** Tool schemas that break the meta-schema, located at the keyword (schema-meta.ts), by the schema's pointer. */
function toolMetaProblems(model: ManifestModel): Map<string, { pointer: string; message: string }[]> {
  const found = new Map<string, { pointer: string; message: string }[]>();
  for (const tool of model.tools) {
    for (const [pointer, schema] of [
      [`${tool.pointer}/inputSchema`, tool.inputSchema],
      [`${tool.pointer}/outputSchema`, tool.outputSchema],
    ] as const) {
      if (schema === undefined) continue;
      const problems = metaSchemaProblems(schema);
      if (problems.length > 0)
        found.set(
          pointer,
          problems.map((problem) => ({ pointer: `${pointer}${problem.pointer}`, message: problem.message })),
        );
    }
  }
  return found;
}

export function checkJsonSchemas(model: ManifestModel, sources: SourceMap, rootFile: string): Diagnostic[] {
  const meta = toolMetaProblems(model);
  // A schema that breaks the meta-schema also fails to compile; its precise problems replace ajv's compile error.
  const compiled = compileValidatorSet(model).problems.filter((problem) => !meta.has(problem.pointer));
  return [...[...meta.values()].flat(), ...compiled.flatMap((problem) => variableProblems(model, problem.pointer) ?? [problem])].map((precise) =>
    sources.diagnostic(precise.pointer, `invalid JSON Schema: ${precise.message}`, rootFile),
  );
}

/**
 * The tools' schema mistakes (schema-meta.ts) and bad defaults (schema-defaults.ts) in a manifest that has other problems
 * too, read from the raw manifest: the model, which the full check needs, is built
 * only from a well-formed manifest, and a user should not need a second round to
 * learn about `"type": "int"`. `unresolved`: pointers of references that could
 * not be read (ResolvedManifest.unresolved).
 */
export function rawToolSchemaProblems(manifest: unknown, sources: SourceMap, rootFile: string, unresolved: readonly string[]): Diagnostic[] {
  // An unresolved reference's place holds no schema; the reference is reported already.
  const inHole = (at: string): boolean => unresolved.some((hole) => at === hole || at.startsWith(`${hole}/`));
  const tools = isSchemaObject(manifest) && Array.isArray(manifest.tools) ? manifest.tools : [];
  return tools.flatMap((tool: unknown, index) =>
    ["inputSchema", "outputSchema"].flatMap((key) => {
      const schema = isSchemaObject(tool) ? tool[key] : undefined;
      if (!isSchemaObject(schema)) return [];
      const pointer = `/tools/${index}/${key}`;
      const meta = metaSchemaProblems(schema).map((problem) => ({
        pointer: `${pointer}${problem.pointer}`,
        message: `invalid JSON Schema: ${problem.message}`,
      }));
      // Defaults are checked against a schema that compiles (schema-defaults.ts skips one that does not).
      const defaults = meta.length === 0 ? schemaDefaultProblems(schema, pointer) : [];
      return [...meta, ...defaults]
        .filter((problem) => !inHole(problem.pointer))
        .map((problem) => sources.diagnostic(problem.pointer, problem.message, rootFile));
    }),
  );
}
