/**
 * Type-checks the project the manifest lives in, so a handler whose signature no
 * longer matches the generated types is reported by `check` with the handler's
 * file, not discovered at run time. Uses the compiler API with the standard host
 * (as `tsc` does), which knows which files are ES modules from package.json.
 */
import path from "node:path";
import type TS from "typescript";
import { ts } from "../util/typescript.js";
import { checkProgram } from "./typecheck-program.js";
import { handlerModules } from "../emit/handler-modules.js";
import type { ManifestModel } from "../model/types.js";

export interface TypeProblem {
  /** Relative to the manifest's folder. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A type problem and, for an error in the routing table, the handler file it is about. */
interface LocatedProblem {
  readonly problem: TypeProblem;
  readonly handler?: string;
}

function describe(model: ManifestModel, diagnostic: TS.Diagnostic, aliases: ReadonlyMap<string, string>): LocatedProblem {
  const source = diagnostic.file;
  const file = source === undefined ? "(project)" : path.relative(model.baseDir, source.fileName).split(path.sep).join("/");
  const position = source === undefined ? { line: 0, character: 0 } : source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  const at = { file, line: position.line + 1, column: position.character + 1 };
  if (source !== undefined && file.endsWith("routes.gen.ts")) {
    // Errors in the routing table are about a handler: name its file.
    const line = source.text.split("\n")[position.line] ?? "";
    const alias = /handler: ([A-Za-z0-9_$]+)/.exec(line)?.[1];
    const handler = alias === undefined ? undefined : aliases.get(alias);
    if (handler !== undefined)
      return { problem: { ...at, message: `the handler in ${handler} does not match the types generated from the manifest: ${message}` }, handler };
  }
  return { problem: { ...at, message } };
}

/** Diagnostics located in the user's files. */
function located(model: ManifestModel, diagnostics: readonly TS.Diagnostic[]): LocatedProblem[] {
  const aliases = new Map(handlerModules(model).map((module) => [module.alias, `${model.codegen.handlersDir}/${module.module}.ts`]));
  return ts.sortAndDeduplicateDiagnostics(diagnostics).map((diagnostic) => describe(model, diagnostic, aliases));
}

export function typecheckProject(model: ManifestModel): TypeProblem[] {
  const program = checkProgram(model);
  // Where problems are reported depends on the handler files' names, so they are part of the key.
  const key = {
    baseDir: model.baseDir,
    handlersDir: model.codegen.handlersDir,
    handlers: handlerModules(model).map((module) => [module.alias, module.module]),
  };
  const recalled = program.recall<TypeProblem[]>(key);
  if (recalled !== undefined) return recalled;
  const problems = located(model, program.projectDiagnostics()).map((entry) => entry.problem);
  program.remember(key, problems);
  return problems;
}

/**
 * The project's type errors that concern the given handler files (relative to the
 * manifest's folder): errors inside them, and routing-table errors that name them.
 * `generate` uses it for the handlers it kept; the rest of the project is `check`'s.
 */
export function typecheckHandlers(model: ManifestModel, handlerFiles: ReadonlySet<string>): TypeProblem[] {
  const routes = path.posix.join(model.codegen.generatedDir, "routes.gen.ts");
  // Checking only these files skips the bodies of everything they import (the runtime among them): most of the cost.
  const files = [...handlerFiles, routes].map((file) => path.resolve(model.baseDir, file));
  return located(model, checkProgram(model).fileDiagnostics(files))
    .filter((located) => handlerFiles.has(located.handler ?? located.problem.file))
    .map((located) => located.problem);
}
