/**
 * What the cold-start and install-size workloads run with plain `node`, no tsx: the
 * runtime's dist/ (built when missing or older than its sources, which is the case
 * in CI, where the tests run the sources and nothing builds), and JavaScript of the
 * generated benchmark project and of the peers' servers under `.tmp/bench/plain/`.
 *
 * The JavaScript comes from `ts.transpileModule`, file by file: every file here is
 * written for `isolatedModules` with `verbatimModuleSyntax`, so this emits what `tsc`
 * would (the type check is the build's business, not the benchmark's) in a fraction
 * of the time.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const runtimeDir = path.join(repoRoot, "packages", "runtime");
const serversDir = path.join(repoRoot, "bench", "servers");
export const plainDir = path.join(repoRoot, ".tmp", "bench", "plain");

/** The peers' server scripts the cold start runs, and what they import. */
const PLAIN_SERVERS = ["sdk-v1.ts", "sdk-v2.ts", "stdio-echo.ts", "args.ts", "probe.ts", "tool-set.ts", "zod-shapes.ts"];

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: readonly string[], cwd: string, timeoutMs = 300_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { cwd, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error === null) resolve({ stdout, stderr });
      else {
        const why = error.killed ? `no answer within ${timeoutMs / 1000} s` : error.message;
        reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}: ${why}\n${stderr.slice(-3000)}`));
      }
    });
  });
}

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** Builds `@turbomcp/runtime` (its own `npm run build`) unless dist/ is newer than everything it is built from. */
export async function ensureRuntimeBuilt(log: (line: string) => void): Promise<void> {
  const entry = path.join(runtimeDir, "dist", "index.js");
  const built = existsSync(entry) ? statSync(entry).mtimeMs : undefined;
  const sources = Math.max(...["src", "tsconfig.build.json", "package.json"].map((name) => newestMtime(path.join(runtimeDir, name))));
  if (built !== undefined && built >= sources) return;
  log(`  building @turbomcp/runtime: ${built === undefined ? "no dist/" : "dist/ is older than its sources"}`);
  await run("npm", ["run", "build", "--workspace", "packages/runtime"], repoRoot);
}

function typeScriptFiles(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(dir, relative);
    return entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

/** `files` (relative to `fromDir`) as JavaScript under `toDir`, same layout, `.ts` → `.js`; `toDir` is emptied first. */
export function transpile(fromDir: string, toDir: string, files: readonly string[] = typeScriptFiles(fromDir)): void {
  rmSync(toDir, { recursive: true, force: true });
  for (const file of files) {
    const source = readFileSync(path.join(fromDir, file), "utf8");
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, verbatimModuleSyntax: true },
    });
    const out = path.join(toDir, file.replace(/\.ts$/, ".js"));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  // ES modules whatever the folders above say.
  writeFileSync(path.join(toDir, "package.json"), `${JSON.stringify({ type: "module", private: true })}\n`);
}

export interface PlainBuilds {
  /** The generated project as `npm run build` leaves it: `dist/generated/server.gen.js` and the handlers. */
  readonly turbomcpDist: string;
  /** The peers' servers as JavaScript, `sdk-v1.js` and the others. */
  readonly servers: string;
}

/**
 * The JavaScript of the generated 1-tool benchmark project (`projectDir`, made by
 * prepareTurbomcpProject) and of the peers' servers, fresh on every run.
 */
export function buildPlain(projectDir: string): PlainBuilds {
  const turbomcpDist = path.join(plainDir, "turbomcp", "dist");
  transpile(path.join(projectDir, "src"), turbomcpDist);
  const servers = path.join(plainDir, "servers");
  transpile(serversDir, servers, PLAIN_SERVERS);
  return { turbomcpDist, servers };
}
