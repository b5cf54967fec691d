/**
 * Compiles every JSON Schema in the manifest with ajv in strict mode, so a typo
 * such as `"requierd"` or a `$ref` to nothing fails at generate time, in the
 * user's file, instead of at the first request.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { SourceMap } from "../load/source-map.js";
import type { ManifestModel } from "../model/types.js";
import { createSchemaCompiler } from "../util/ajv-factory.js";

export function checkJsonSchemas(model: ManifestModel, sources: SourceMap, rootFile: string): Diagnostic[] {
  const ajv = createSchemaCompiler();
  const diagnostics: Diagnostic[] = [];
  const check = (schema: object, pointer: string): void => {
    try {
      ajv.compile(schema);
    } catch (error) {
      const message = error instanceof Error ? error.message.replace(/^strict mode: /, "") : String(error);
      diagnostics.push(sources.diagnostic(pointer, `invalid JSON Schema: ${message}`, rootFile));
    }
  };
  for (const tool of model.tools) {
    check(tool.inputSchema, `${tool.pointer}/inputSchema`);
    if (tool.outputSchema !== undefined) check(tool.outputSchema, `${tool.pointer}/outputSchema`);
  }
  for (const template of model.resourceTemplates) {
    for (const variable of template.variables) {
      check(variable.schema, `${template.pointer}/variables/${variable.name}/schema`);
    }
  }
  return diagnostics;
}
