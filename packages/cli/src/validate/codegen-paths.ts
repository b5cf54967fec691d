/**
 * Output folders must stay inside the manifest's folder and apart from each other:
 * the generated folder is rewritten, the handlers folder belongs to the user.
 */
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import type { SourceMap } from "../load/source-map.js";
import type { ManifestModel } from "../model/types.js";
import { isInside } from "../util/safe-path.js";

export function codegenDiagnostics(model: ManifestModel, sources: SourceMap, rootFile: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const folders = [
    ["generatedDir", model.codegen.generatedDir],
    ["handlersDir", model.codegen.handlersDir],
  ] as const;
  for (const [field, folder] of folders) {
    const absolute = path.resolve(model.baseDir, folder);
    if (path.isAbsolute(folder) || !isInside(model.baseDir, absolute) || absolute === model.baseDir) {
      diagnostics.push(
        sources.diagnostic(
          `/codegen/${field}`,
          `must be a sub-folder of the manifest's folder, such as "src/${field === "generatedDir" ? "generated" : "handlers"}"`,
          rootFile,
        ),
      );
    }
  }
  const generated = path.resolve(model.baseDir, model.codegen.generatedDir);
  const handlers = path.resolve(model.baseDir, model.codegen.handlersDir);
  if (isInside(generated, handlers) || isInside(handlers, generated)) {
    diagnostics.push(
      sources.diagnostic("/codegen", "generatedDir and handlersDir must not contain each other: generated code is rewritten, handlers are yours", rootFile),
    );
  }
  return diagnostics;
}
