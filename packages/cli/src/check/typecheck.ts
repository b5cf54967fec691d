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

const FALLBACK_OPTIONS: ts.CompilerOptions = {
  strict: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  skipLibCheck: true,
  noEmit: true,
};

const VALIDATOR_EXPORT = /^export const ([A-Za-z0-9_$]+): CompiledValidator = [A-Za-z0-9_$]+;$/;

/**
 * What the type checker needs of a validators file: its imports and typed exports.
 * The bodies are ajv's JavaScript under `@ts-nocheck`, so they can hold no type
 * error, yet parsing them is most of the cost of checking a large project.
 */
export function validatorDeclarations(text: string): string {
  return text
    .split("\n")
    .flatMap((line) => {
      if (line.startsWith("import ")) return [line];
      const match = VALIDATOR_EXPORT.exec(line);
      return match === null ? [] : [`export declare const ${match[1]}: CompiledValidator;`];
    })
    .join("\n");
}

/** A compiler host that reads validator files as their declarations only. */
function hostFor(model: ManifestModel, options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const validators = new Set(["validators.gen.ts", "template-validators.gen.ts"].map((name) => path.resolve(model.baseDir, model.codegen.generatedDir, name)));
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!validators.has(path.resolve(fileName))) return readSourceFile(fileName, languageVersion, onError, shouldCreate);
    const text = host.readFile(fileName);
    return text === undefined ? undefined : ts.createSourceFile(fileName, validatorDeclarations(text), languageVersion, true);
  };
  return host;
}

function programFor(model: ManifestModel): ts.Program {
  const tsconfig = findTsconfig(model.baseDir);
  if (tsconfig === undefined) {
    const roots = ts.sys.readDirectory(model.baseDir, [".ts"], ["node_modules", "dist"], ["**/*"]);
    return ts.createProgram({ rootNames: roots, options: FALLBACK_OPTIONS, host: hostFor(model, FALLBACK_OPTIONS) });
  }
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${tsconfig}`);
  return ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences ?? [],
    host: hostFor(model, parsed.options),
  });
}

/** A type problem and, for an error in the routing table, the handler file it is about. */
interface LocatedProblem {
  readonly problem: TypeProblem;
  readonly handler?: string;
}

function describe(model: ManifestModel, diagnostic: ts.Diagnostic, aliases: ReadonlyMap<string, string>): LocatedProblem {
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

/** Every diagnostic of the project, or with `only` (paths relative to the manifest's folder) those of these files. */
function locatedProblems(model: ManifestModel, only?: ReadonlySet<string>): LocatedProblem[] {
  const program = programFor(model);
  const aliases = new Map(handlerModules(model).map((module) => [module.alias, `${model.codegen.handlersDir}/${module.module}.ts`]));
  const diagnostics =
    only === undefined
      ? ts.getPreEmitDiagnostics(program)
      : // Checking only these files skips the bodies of everything they import (the runtime among them): most of the cost.
        [...only].flatMap((file) => {
          const source = program.getSourceFile(path.resolve(model.baseDir, file));
          return source === undefined ? [] : [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
        });
  return diagnostics.map((diagnostic) => describe(model, diagnostic, aliases));
}

export function typecheckProject(model: ManifestModel): TypeProblem[] {
  return locatedProblems(model).map((located) => located.problem);
}

/**
 * The project's type errors that concern the given handler files (relative to the
 * manifest's folder): errors inside them, and routing-table errors that name them.
 * `generate` uses it for the handlers it kept; the rest of the project is `check`'s.
 */
export function typecheckHandlers(model: ManifestModel, handlerFiles: ReadonlySet<string>): TypeProblem[] {
  const routes = path.posix.join(model.codegen.generatedDir, "routes.gen.ts");
  return locatedProblems(model, new Set([...handlerFiles, routes]))
    .filter((located) => handlerFiles.has(located.handler ?? located.problem.file))
    .map((located) => located.problem);
}
