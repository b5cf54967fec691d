/**
 * Type-checks the project the manifest lives in, so a handler whose signature no
 * longer matches the generated types is reported by `check` with the handler's
 * file, not discovered at run time. Uses the compiler API with the standard host
 * (as `tsc` does), which knows which files are ES modules from package.json.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { handlerModules } from "../emit/handler-modules.js";
import type { ManifestModel } from "../model/types.js";

export interface TypeProblem {
  /** Relative to the manifest's folder. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The nearest tsconfig.json at or above the manifest's folder. */
export function findTsconfig(startDir: string): string | undefined {
  let directory = startDir;
  for (;;) {
    const candidate = path.join(directory, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

function programFor(model: ManifestModel): ts.Program {
  const tsconfig = findTsconfig(model.baseDir);
  if (tsconfig === undefined) {
    const roots = ts.sys.readDirectory(model.baseDir, [".ts"], ["node_modules", "dist"], ["**/*"]);
    return ts.createProgram(roots, {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      noEmit: true,
    });
  }
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${tsconfig}`);
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences ?? [] });
}

function describe(model: ManifestModel, diagnostic: ts.Diagnostic, aliases: ReadonlyMap<string, string>): TypeProblem {
  const source = diagnostic.file;
  const file = source === undefined ? "(project)" : path.relative(model.baseDir, source.fileName).split(path.sep).join("/");
  const position = source === undefined ? { line: 0, character: 0 } : source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  let message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (source !== undefined && file.endsWith("routes.gen.ts")) {
    // Errors in the routing table are about a handler: name its file.
    const line = source.text.split("\n")[position.line] ?? "";
    const alias = /handler: ([A-Za-z0-9_$]+)/.exec(line)?.[1];
    const handlerFile = alias === undefined ? undefined : aliases.get(alias);
    if (handlerFile !== undefined) message = `the handler in ${handlerFile} does not match the types generated from the manifest: ${message}`;
  }
  return { file, line: position.line + 1, column: position.character + 1, message };
}

export function typecheckProject(model: ManifestModel): TypeProblem[] {
  const program = programFor(model);
  const aliases = new Map(handlerModules(model).map((module) => [module.alias, `${model.codegen.handlersDir}/${module.module}.ts`]));
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => describe(model, diagnostic, aliases));
}
