/**
 * `check`'s JavaScript engine (typecheck.ts picks it where TypeScript 7's native
 * compiler cannot run): the TypeScript 6 compiler API that ts-morph bundles, on the
 * project's tsconfig (or strict defaults when it has none), as an incremental
 * program whose state is kept in `node_modules/.cache/turbomcp/`.
 *
 * Why incremental: most of a check's time went to type-checking files that had not
 * changed since the last check (the generated routing table and types above all).
 * With TypeScript's own incremental state a file is checked again only when it, or
 * the declarations it depends on, changed, exactly as `tsc --incremental` decides;
 * the answers are the same as a full check's. A state that cannot be read (missing,
 * torn, from another TypeScript version) is ignored: the check is then a full one.
 * A memo of the last answer (typecheck-memo.ts) skips even the program when nothing
 * it depended on changed.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ts as TS } from "ts-morph";
import type { ManifestModel } from "../model/types.js";
import { ts } from "../util/typescript.js";
import { toolVersion } from "../cli/version.js";
import { withBundledLibs } from "./bundled-libs.js";
import type { RawProblem } from "./native-typecheck.js";
import { FALLBACK_COMPILER_OPTIONS, findTsconfig, pruneStates, stateFile } from "./typecheck-files.js";
import { memoText, recalledResult, recordAnswers } from "./typecheck-memo.js";

/** The options for a project without a tsconfig (typecheck-files.ts), converted for the compiler API. */
const FALLBACK_OPTIONS: TS.CompilerOptions = { ...ts.convertCompilerOptionsFromJson(FALLBACK_COMPILER_OPTIONS, "").options, noEmit: true };

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

/**
 * The routing table as the type checker needs it: each route's `definition` (the
 * JSON Schemas and descriptions `tools/list` serves, as object literals) becomes
 * `undefined as never`, and its lines become empty lines, so every other line keeps
 * its number for the problems reported there. The definitions cannot hold an error
 * a handler causes (the route's type arguments bind the handler to the generated
 * types), and the file's bytes were compared with the generator's output before, yet
 * parsing and checking them was a third of the time `check` spent on 1,000 tools.
 *
 * The generator prints a definition as `      definition: {` up to the first line
 * that is exactly `      },`: everything inside is indented deeper, and a schema's
 * strings are printed on one line each, so no user text can end it early.
 */
export function routesForTypeCheck(text: string): string {
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index] !== "      definition: {") continue;
    const end = lines.indexOf("      },", index + 1);
    if (end < 0) break;
    lines[index] = "      definition: undefined as never,";
    for (let inside = index + 1; inside <= end; inside += 1) lines[inside] = "";
    index = end;
  }
  return lines.join("\n");
}

/**
 * A host that reads the validators as their declarations and the routing table
 * without its definitions (see above), and writes the state through a temporary
 * file, so a check stopped half-way or run beside another never leaves a torn state.
 */
/** The compiler's own host (as `tsc` has) with the standard library read from the bundle. */
function plainHost(options: TS.CompilerOptions): TS.CompilerHost {
  return withBundledLibs(ts.createIncrementalCompilerHost(options), ts.getDefaultLibFileName(options));
}

function hostFor(model: ManifestModel, options: TS.CompilerOptions): TS.CompilerHost {
  const host = plainHost(options);
  // As `tsc` does: JSDoc in TypeScript files is parsed only where it can hold a type error (@see, @link).
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const generated = (name: string): string => path.resolve(model.baseDir, model.codegen.generatedDir, name);
  const views = new Map<string, (text: string) => string>([
    [generated("validators.gen.ts"), validatorDeclarations],
    [generated("template-validators.gen.ts"), validatorDeclarations],
    [generated("routes.gen.ts"), routesForTypeCheck],
  ]);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const view = views.get(path.resolve(fileName));
    if (view === undefined) return readSourceFile(fileName, languageVersion, onError, shouldCreate);
    const text = host.readFile(fileName);
    if (text === undefined) return undefined;
    const viewed = view(text);
    // The incremental state compares files by this version, as the host does for every other file.
    return Object.assign(ts.createSourceFile(fileName, viewed, languageVersion, true), { version: host.createHash?.(viewed) ?? viewed });
  };
  host.writeFile = (fileName, text) => {
    try {
      if (existsSync(path.dirname(fileName))) pruneStates(path.dirname(fileName));
      else mkdirSync(path.dirname(fileName), { recursive: true });
      const temporary = `${fileName}.${process.pid}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, fileName);
    } catch {
      // A state that cannot be written (read-only checkout) only costs the next check its speed.
    }
  };
  return host;
}

interface ProjectConfig {
  readonly rootNames: readonly string[];
  readonly options: TS.CompilerOptions;
  readonly projectReferences: readonly TS.ProjectReference[];
  readonly tsconfig?: string;
}

function projectConfig(model: ManifestModel): ProjectConfig {
  const tsconfig = findTsconfig(model.baseDir);
  if (tsconfig === undefined)
    return { rootNames: ts.sys.readDirectory(model.baseDir, [".ts"], ["node_modules", "dist"], ["**/*"]), options: FALLBACK_OPTIONS, projectReferences: [] };
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
  return { rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences ?? [], tsconfig };
}

/** The project's program; each call keeps what it checked in the state for the next run. */
export interface CheckProgram {
  /** What `tsc --noEmit` reports for the project. */
  projectDiagnostics(): readonly TS.Diagnostic[];
  /** The syntactic and semantic diagnostics of these files (absolute paths) only. */
  fileDiagnostics(files: readonly string[]): readonly TS.Diagnostic[];
  /** What `remember` kept under this key, if nothing the program depends on changed since (no program is built). */
  recall<T>(key: unknown): T | undefined;
  /** Keeps `result` of this program's projectDiagnostics for `recall`. */
  remember(key: unknown, result: unknown): void;
}

/** Bumped when a view of a generated file (validators, routes) changes what the checker is given (turbomcp's version is in the key too). */
const VIEWS_VERSION = 1;

export function checkProgram(model: ManifestModel): CheckProgram {
  const config = projectConfig(model);
  const tsBuildInfoFile = stateFile(model, config.tsconfig, "js");
  // Declarations are never emitted, so declaration-only options would only add work.
  const options: TS.CompilerOptions = { ...config.options, noEmit: true, declaration: false, declarationMap: false, composite: false };
  if (tsBuildInfoFile !== undefined) Object.assign(options, { incremental: true, tsBuildInfoFile });
  const memoFile = tsBuildInfoFile?.replace(/\.js\.tsbuildinfo$/, ".js.memo.json");
  const host = hostFor(model, options);
  const answers = recordAnswers(host);
  // The state is not an input: the incremental program answers as a full one would, whatever it holds.
  const readAnswer = host.readFile.bind(host);
  host.readFile = (file) => (file === tsBuildInfoFile ? ts.sys.readFile(file) : readAnswer(file));
  const memoKey = (key: unknown): string =>
    createHash("sha256")
      .update(JSON.stringify([toolVersion(), ts.version, VIEWS_VERSION, host.getCurrentDirectory(), config.rootNames, options, config.projectReferences, key]))
      .digest("hex");

  let built: TS.SemanticDiagnosticsBuilderProgram | undefined;
  const builder = (): TS.SemanticDiagnosticsBuilderProgram => {
    if (built !== undefined) return built;
    try {
      built = ts.createIncrementalProgram({ rootNames: config.rootNames, options, host, projectReferences: config.projectReferences });
    } catch {
      // An unreadable state: start from nothing.
      delete options.incremental;
      delete options.tsBuildInfoFile;
      built = ts.createIncrementalProgram({ rootNames: config.rootNames, options, host, projectReferences: config.projectReferences });
    }
    return built;
  };
  // Writes the state (the only output: noEmit), through host.writeFile.
  const saveState = (): void => {
    if (options.tsBuildInfoFile !== undefined) builder().emit();
  };
  return {
    projectDiagnostics: () => {
      const program = builder();
      const diagnostics = [
        ...program.getConfigFileParsingDiagnostics(),
        ...program.getOptionsDiagnostics(),
        ...program.getGlobalDiagnostics(),
        ...program.getSyntacticDiagnostics(),
        // Taken from the state for every file that did not change.
        ...program.getSemanticDiagnostics(),
      ];
      saveState();
      return diagnostics;
    },
    fileDiagnostics: (files) => {
      const program = builder();
      const diagnostics = files.flatMap((file) => {
        const source = program.getSourceFile(file);
        return source === undefined ? [] : [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      });
      saveState();
      return diagnostics;
    },
    // Asked of a plain host: the views are functions of the texts, whose hashes are recorded.
    recall: <T>(key: unknown) => (memoFile === undefined ? undefined : recalledResult<T>(memoFile, memoKey(key), plainHost(options))),
    remember: (key, result) => {
      if (memoFile !== undefined && built !== undefined) host.writeFile(memoFile, memoText(memoKey(key), answers, result), false);
    },
  };
}

/** A diagnostic as both engines report it (native-typecheck.ts). */
function rawProblem(diagnostic: TS.Diagnostic): RawProblem {
  const source = diagnostic.file;
  const position = source === undefined ? undefined : source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  return {
    file: source?.fileName === undefined ? undefined : path.resolve(source.fileName),
    line: position === undefined ? 0 : position.line + 1,
    column: position === undefined ? 0 : position.character + 1,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
  };
}

/**
 * The project's problems, located by `locate`: from the memo when nothing they depend
 * on changed (`key` holds what `locate` depends on beyond the files), else checked.
 */
export function jsProjectProblems<T>(model: ManifestModel, key: unknown, locate: (raw: readonly RawProblem[]) => T): T {
  const program = checkProgram(model);
  const recalled = program.recall<T>(key);
  if (recalled !== undefined) return recalled;
  const result = locate(ts.sortAndDeduplicateDiagnostics(program.projectDiagnostics()).map(rawProblem));
  program.remember(key, result);
  return result;
}

/** The problems of these files (absolute paths) only. */
export function jsFileProblems(model: ManifestModel, files: readonly string[]): RawProblem[] {
  return ts.sortAndDeduplicateDiagnostics(checkProgram(model).fileDiagnostics(files)).map(rawProblem);
}
