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
import { createSchemaCompiler } from "../util/ajv-factory.js";
import { joinPointer } from "../util/json-pointer.js";

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

export function checkJsonSchemas(model: ManifestModel, sources: SourceMap, rootFile: string): Diagnostic[] {
  return compileValidatorSet(model).problems.flatMap((problem) =>
    (variableProblems(model, problem.pointer) ?? [problem]).map((precise) =>
      sources.diagnostic(precise.pointer, `invalid JSON Schema: ${precise.message}`, rootFile),
    ),
  );
}
