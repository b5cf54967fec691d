/**
 * Type-checks the project the manifest lives in, so a handler whose signature no
 * longer matches the generated types is reported by `check` with the handler's
 * file, not discovered at run time.
 *
 * Two engines give the same answers: TypeScript's native compiler (TypeScript 7,
 * turbomcp's `typescript` dependency; native-typecheck.ts), about ten times faster,
 * and where it cannot run (a platform it has no build for) the JavaScript compiler
 * API as ts-morph bundles it (typecheck-program.ts, with an incremental state and a
 * memo of its last answer). TURBOMCP_TYPECHECK_ENGINE=js picks the latter.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { handlerModules } from "../emit/handler-modules.js";
import type { ManifestModel } from "../model/types.js";
import { type RawProblem, nativeCompiler, nativeProjectProblems, nativeProjectProblemsAsync } from "./native-typecheck.js";

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

/** Reads each file once, for the routing table's lines. */
function lineReader(): (file: string, line: number) => string {
  const texts = new Map<string, readonly string[]>();
  return (file, line) => {
    let lines = texts.get(file);
    if (lines === undefined) {
      lines = readFileSync(file, "utf8").split("\n");
      texts.set(file, lines);
    }
    return lines[line - 1] ?? "";
  };
}

/** The import alias a line of the routing table uses: a route's `handler: alias`, or a custom middleware's `"name": aliasMiddleware,`. */
function aliasOnLine(line: string): string | undefined {
  return /handler: ([A-Za-z0-9_$]+)/.exec(line)?.[1] ?? /: ([A-Za-z0-9_$]+Middleware),$/.exec(line)?.[1];
}

/** Problems located in the user's files; one in the routing table names the handler (or custom middleware) it is about. */
function located(model: ManifestModel, problems: readonly RawProblem[]): LocatedProblem[] {
  const modules = new Map(handlerModules(model).map((module) => [module.alias, module]));
  const lineOf = lineReader();
  return problems.map((raw) => {
    const file = raw.file === undefined ? "(project)" : path.relative(model.baseDir, raw.file).split(path.sep).join("/");
    const at = { file, line: raw.line, column: raw.column };
    if (raw.file !== undefined && file.endsWith("routes.gen.ts")) {
      const alias = aliasOnLine(lineOf(raw.file, raw.line));
      const module = alias === undefined ? undefined : modules.get(alias);
      if (module !== undefined) {
        const handler = `${model.codegen.handlersDir}/${module.module}.ts`;
        const what =
          module.role === "middleware"
            ? `the middleware in ${handler} is not a Middleware`
            : `the handler in ${handler} does not match the types generated from the manifest`;
        return { problem: { ...at, message: `${what}: ${raw.message}` }, handler };
      }
    }
    return { problem: { ...at, message: raw.message } };
  });
}

/** The native compiler's entry script, unless it is missing or the JavaScript engine was asked for. */
function nativeEngine(): string | undefined {
  return process.env.TURBOMCP_TYPECHECK_ENGINE === "js" ? undefined : nativeCompiler();
}

export async function typecheckProject(model: ManifestModel): Promise<TypeProblem[]> {
  const compiler = nativeEngine();
  if (compiler !== undefined) return located(model, nativeProjectProblems(model, compiler)).map((entry) => entry.problem);
  const { jsProjectProblems } = await import("./typecheck-program.js");
  // Where problems are reported depends on the handler files' names, so the memo keeps them apart.
  const key = {
    baseDir: model.baseDir,
    handlersDir: model.codegen.handlersDir,
    handlers: handlerModules(model).map((module) => [module.alias, module.module]),
  };
  return jsProjectProblems(model, key, (raw) => located(model, raw).map((entry) => entry.problem));
}

/**
 * The project's type errors without blocking the process, for `turbomcp dev`; undefined
 * where TypeScript's native compiler is not available (the JavaScript engine runs in
 * this process and would stall the server).
 */
export async function typecheckProjectInBackground(model: ManifestModel): Promise<TypeProblem[] | undefined> {
  const compiler = nativeEngine();
  if (compiler === undefined) return undefined;
  return located(model, await nativeProjectProblemsAsync(model, compiler)).map((entry) => entry.problem);
}

/**
 * The project's type errors that concern the given handler files (relative to the
 * manifest's folder): errors inside them, and routing-table errors that name them.
 * `generate` uses it for the handlers it kept; the rest of the project is `check`'s.
 */
export async function typecheckHandlers(model: ManifestModel, handlerFiles: ReadonlySet<string>): Promise<TypeProblem[]> {
  const compiler = nativeEngine();
  let raw: readonly RawProblem[];
  if (compiler !== undefined) raw = nativeProjectProblems(model, compiler);
  else {
    const routes = path.posix.join(model.codegen.generatedDir, "routes.gen.ts");
    const { jsFileProblems } = await import("./typecheck-program.js");
    // Checking only these files skips the bodies of everything they import (the runtime among them): most of the cost.
    raw = jsFileProblems(
      model,
      [...handlerFiles, routes].map((file) => path.resolve(model.baseDir, file)),
    );
  }
  return located(model, raw)
    .filter((entry) => handlerFiles.has(entry.handler ?? entry.problem.file))
    .map((entry) => entry.problem);
}
