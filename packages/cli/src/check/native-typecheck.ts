/**
 * The type check with TypeScript's native compiler (TypeScript 7, the `typescript`
 * dependency of turbomcp): `tsc --noEmit` on the project, run as its own process and
 * read from its plain output. It answers as the JavaScript compiler does, in a
 * tenth of the time: a 10-tool project in well under a second instead of three.
 * Its incremental state is kept with the other check states (typecheck-files.ts).
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ManifestModel } from "../model/types.js";
import { FALLBACK_COMPILER_OPTIONS, findTsconfig, pruneStates, stateFile } from "./typecheck-files.js";

/** One diagnostic as the compiler printed it; `file` is absolute, or undefined for a global one. */
export interface RawProblem {
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The compiler's entry script, when the installed `typescript` is the native one (7 or later) and has a build for this platform. */
export function nativeCompiler(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve("typescript/package.json");
    const { version, bin } = JSON.parse(readFileSync(manifest, "utf8")) as { version?: string; bin?: Record<string, string> };
    const major = Number(version?.split(".")[0]);
    const tsc = bin?.tsc;
    if (!(major >= 7) || tsc === undefined) return undefined;
    const script = path.join(path.dirname(manifest), tsc);
    // The compiler itself comes in a package per platform (an optional dependency): without it, the JavaScript engine.
    createRequire(manifest).resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`);
    return existsSync(script) ? script : undefined;
  } catch {
    return undefined;
  }
}

/** The options for a project without a tsconfig, as compiler flags. */
const FALLBACK_FLAGS = Object.entries(FALLBACK_COMPILER_OPTIONS).flatMap(([name, value]) => (value === true ? [`--${name}`] : [`--${name}`, String(value)]));

/** The project's .ts files when it has no tsconfig: everything below the manifest's folder but node_modules and dist. */
function projectFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.split(path.sep).some((part) => part === "node_modules" || part === "dist"))
    .sort()
    .map((file) => path.join(directory, file));
}

// `file(line,col): error TS2339: message`, or `error TS2318: message` for a global one.
const LOCATED = /^(.+)\((\d+),(\d+)\): error TS\d+: (.*)$/;
const GLOBAL = /^error TS\d+: (.*)$/;

/** The diagnostics in `tsc --pretty false` output; a message's further lines, indented, are kept as the JavaScript API flattens them. */
export function parseCompilerOutput(output: string, cwd: string): RawProblem[] {
  const problems: { file: string | undefined; line: number; column: number; message: string }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const located = LOCATED.exec(line);
    const global = located === null ? GLOBAL.exec(line) : null;
    const last = problems.at(-1);
    if (located !== null) {
      const [, file = "", row = "0", column = "0", message = ""] = located;
      problems.push({ file: path.resolve(cwd, file), line: Number(row), column: Number(column), message });
    } else if (global !== null) problems.push({ file: undefined, line: 0, column: 0, message: global[1] ?? "" });
    else if (line.startsWith("  ") && last !== undefined) last.message += `\n${line}`;
  }
  return problems;
}

/** How the native compiler is run on the project: `tsc --noEmit -p <nearest tsconfig>`, incremental. */
function compilerRun(model: ManifestModel, compiler: string): { readonly args: string[]; readonly cwd: string } {
  const tsconfig = findTsconfig(model.baseDir);
  const state = stateFile(model, tsconfig, "native");
  if (state !== undefined && existsSync(path.dirname(state))) pruneStates(path.dirname(state));
  const project = tsconfig === undefined ? [...projectFiles(model.baseDir), ...FALLBACK_FLAGS] : ["--project", tsconfig];
  const incremental = state === undefined ? [] : ["--incremental", "--tsBuildInfoFile", state];
  return { args: [compiler, ...project, "--noEmit", "--pretty", "false", ...incremental], cwd: model.baseDir };
}

/** The problems of a finished run; throws when the compiler itself failed. */
function problemsOf(run: { status: number | null; signal: string | null; stdout: string; stderr: string }, cwd: string): RawProblem[] {
  const problems = parseCompilerOutput(run.stdout, cwd);
  // 0: no errors; 1 and 2: errors, reported above. Anything else is the compiler failing.
  if (run.status === 0 || ((run.status === 1 || run.status === 2) && problems.length > 0)) return problems;
  throw new Error(`TypeScript's compiler stopped (${run.signal ?? `exit ${run.status}`}): ${(run.stderr || run.stdout).trim().slice(0, 2000)}`);
}

const MAX_OUTPUT = 256 * 1024 * 1024;

/** Every diagnostic of the project, as `tsc --noEmit -p <nearest tsconfig>` reports it. */
export function nativeProjectProblems(model: ManifestModel, compiler: string): RawProblem[] {
  const { args, cwd } = compilerRun(model, compiler);
  const run = spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: MAX_OUTPUT });
  if (run.error !== undefined) throw new Error(`cannot run TypeScript's compiler (${compiler}): ${run.error.message}`);
  return problemsOf(run, cwd);
}

/** The same, without blocking the process while the compiler runs (`turbomcp dev` serves meanwhile). */
export function nativeProjectProblemsAsync(model: ManifestModel, compiler: string): Promise<RawProblem[]> {
  const { args, cwd } = compilerRun(model, compiler);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: MAX_OUTPUT }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== "number") {
        reject(new Error(`cannot run TypeScript's compiler (${compiler}): ${error.message}`));
        return;
      }
      const status = error === null ? 0 : (error.code as number);
      try {
        resolve(problemsOf({ status, signal: error?.signal ?? null, stdout, stderr }, cwd));
      } catch (failure) {
        reject(failure instanceof Error ? failure : new Error(String(failure)));
      }
    });
  });
}
