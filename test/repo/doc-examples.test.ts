/**
 * The code in the documentation compiles: every ```ts block of README.md,
 * ARCHITECTURE.md, CONTRIBUTING.md and docs/**, and every JSDoc `@example` of
 * packages/{name}/src, is written as a file of a scratch project under .tmp/ and
 * type-checked in one TypeScript program against the workspace's `@turbomcp/runtime`
 * sources, with the repository's strict tsconfig.
 *
 * An example is its own module: it imports what it uses and declares, with `declare`,
 * what stands for the reader's own code (a database, a token store). Two modules
 * stand for a generated project: `./generated/routes.gen.js` and `./routes.gen.js`
 * export `routes`, a `RouteTable`.
 *
 * A block that cannot compile alone is marked, and skipped: in Markdown with
 * `<!-- not checked: reason -->` on the line before the fence, or `ts fragment` as its
 * info string; in JSDoc with `@example` followed by a `not checked: reason` line.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot, scratchProject } from "../helpers/scratch.js";

interface Example {
  /** Where the reader finds it: the file, relative to the repository, and the line of its first code line. */
  readonly source: string;
  readonly line: number;
  readonly code: string;
}

interface Collected {
  readonly examples: Example[];
  /** Blocks marked as not checked, with the reason given. */
  readonly skipped: { readonly source: string; readonly line: number; readonly reason: string }[];
}

const MARKDOWN_ROOTS = ["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"];
const NOT_CHECKED = /^<!--\s*not checked:\s*(\S.*?)\s*-->$/;
/** Stands for the types a reader's project needs that have no package of their own (test/runtime/auth has the same one). */
const AMBIENT = ["test/runtime/auth/passport-http-bearer.d.ts"];
const ROUTES_STANDIN = `import type { RouteTable } from "@turbomcp/runtime";\n\n/** Stands for a project's generated routing table. */\nexport declare const routes: RouteTable;\n`;

function filesUnder(folder: string, suffix: string): string[] {
  const absolute = path.join(repoRoot, folder);
  return readdirSync(absolute, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(suffix) && !file.split(path.sep).includes("node_modules"))
    .map((file) => path.join(folder, file).split(path.sep).join("/"))
    .sort();
}

function markdownFiles(): string[] {
  const roots = MARKDOWN_ROOTS.filter((file) => {
    try {
      readFileSync(path.join(repoRoot, file));
      return true;
    } catch {
      return false;
    }
  });
  return [...roots, ...filesUnder("docs", ".md")];
}

/** The ```ts blocks of one Markdown file. */
function fromMarkdown(source: string, into: Collected): void {
  const lines = readFileSync(path.join(repoRoot, source), "utf8").split("\n");
  for (let index = 0; index < lines.length; index++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[index] ?? "");
    if (fence === null) continue;
    const [, indent = "", marks = "", language = "", info = ""] = fence;
    const end = lines.findIndex((line, at) => at > index && line.trim().startsWith(marks) && line.trim().replace(/[`~]/g, "") === "");
    const close = end === -1 ? lines.length : end;
    if (language === "ts" || language === "typescript") {
      const previous = lines.slice(0, index).findLast((line) => line.trim() !== "") ?? "";
      const marked = NOT_CHECKED.exec(previous.trim());
      if (marked !== null) into.skipped.push({ source, line: index + 1, reason: marked[1] ?? "" });
      else if (info.split(/\s+/).includes("fragment")) into.skipped.push({ source, line: index + 1, reason: "ts fragment" });
      else {
        const code = lines
          .slice(index + 1, close)
          .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
          .join("\n");
        into.examples.push({ source, line: index + 2, code });
      }
    }
    index = close;
  }
}

/** The `@example` blocks of one source file's JSDoc comments. */
function fromJsdoc(source: string, into: Collected): void {
  const lines = readFileSync(path.join(repoRoot, source), "utf8").split("\n");
  for (let index = 0; index < lines.length; index++) {
    if (!/^\s*\*\s*@example\b/.test(lines[index] ?? "")) continue;
    // The comment's lines after the tag, without their leading ` * `, up to the next tag or the end of the comment.
    const body: { text: string; line: number }[] = [];
    for (let at = index + 1; at < lines.length; at++) {
      const line = lines[at] ?? "";
      if (/^\s*\*\//.test(line) || /^\s*\*\s*@\w/.test(line)) break;
      body.push({ text: line.replace(/^\s*\* ?/, ""), line: at + 1 });
    }
    const first = body.findIndex((entry) => entry.text.trim() !== "");
    const heading = body[first]?.text.trim() ?? "";
    const marked = /^not checked:\s*(\S.*)$/.exec(heading);
    if (marked !== null) {
      into.skipped.push({ source, line: index + 1, reason: marked[1] ?? "" });
      continue;
    }
    const fenced = /^```/.test(heading);
    const start = fenced ? first + 1 : first;
    const stop = fenced ? body.findIndex((entry, at) => at > first && entry.text.trim().startsWith("```")) : body.length;
    const code = body.slice(start, stop === -1 ? body.length : stop);
    if (code.length > 0) into.examples.push({ source, line: code[0]?.line ?? index + 1, code: code.map((entry) => entry.text).join("\n") });
  }
}

function collectExamples(): Collected {
  const collected: Collected = { examples: [], skipped: [] };
  for (const file of markdownFiles()) fromMarkdown(file, collected);
  const packages = readdirSync(path.join(repoRoot, "packages")).sort();
  for (const name of packages) for (const file of filesUnder(`packages/${name}/src`, ".ts")) fromJsdoc(file, collected);
  return collected;
}

/**
 * A JSDoc example may import the modules beside its source file (`./contract.js` in
 * packages/cli/src/emit): such a specifier is pointed at that file from the scratch
 * project. A relative specifier with no such file (`./generated/routes.gen.js`) means
 * the reader's project, and is left to the stand-ins.
 */
function relinked(example: Example, scratchDir: string): string {
  if (example.source.endsWith(".md")) return example.code;
  const folder = path.dirname(path.join(repoRoot, example.source));
  return example.code.replace(/(\bfrom\s+|\bimport\s*\(\s*)"(\.{1,2}\/[^"]+)"/g, (whole, keyword: string, specifier: string) => {
    const target = path.resolve(folder, specifier);
    if (!existsSync(target.replace(/\.js$/, ".ts"))) return whole;
    const relative = path.relative(scratchDir, target).split(path.sep).join("/");
    return `${keyword}"${relative.startsWith(".") ? relative : `./${relative}`}"`;
  });
}

/** `docs/auth.md` line 120 → `docs_auth_md_L120.ts`: unique, and names where the example came from. */
const fileNameOf = (example: Example): string => `${example.source.replace(/[^A-Za-z0-9]/g, "_")}_L${example.line}.ts`;

describe("documentation examples", () => {
  it("type-check, every ts block and JSDoc @example", () => {
    const { examples } = collectExamples();
    expect(examples.length).toBeGreaterThan(20);
    const scratch = scratchProject("doc-examples");
    try {
      const origins = new Map<string, Example>();
      for (const example of examples) {
        const file = path.join(scratch.dir, fileNameOf(example));
        if (origins.has(file)) throw new Error(`two examples would share ${file}`);
        origins.set(file, example);
        // `export {}` keeps an example without imports a module, so examples never share a scope.
        writeFileSync(file, `${relinked(example, scratch.dir)}\nexport {};\n`);
      }
      // A canary that must fail: proves the checker sees examples and types them, rather than passing everything.
      const canary = path.join(scratch.dir, "canary.ts");
      writeFileSync(canary, `import { createServer } from "@turbomcp/runtime";\nexport const wrong: number = createServer;\n`);
      writeFileSync(path.join(scratch.dir, "routes.gen.ts"), ROUTES_STANDIN);
      mkdirSync(path.join(scratch.dir, "generated"));
      writeFileSync(path.join(scratch.dir, "generated", "routes.gen.ts"), ROUTES_STANDIN);

      const config = ts.getParsedCommandLineOfConfigFile(
        path.join(scratch.dir, "tsconfig.json"),
        {},
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
      );
      if (config === undefined) throw new Error("the scratch tsconfig does not parse");
      const program = ts.createProgram({
        rootNames: [...origins.keys(), canary, ...AMBIENT.map((file) => path.join(repoRoot, file))],
        options: { ...config.options, noEmit: true },
      });
      // The runtime is the workspace's sources, not a build in dist/.
      expect(program.getSourceFile(path.join(repoRoot, "packages/runtime/src/index.ts"))).toBeDefined();

      const problems: string[] = [];
      let canaryFailed = false;
      for (const [file, example] of [...origins, [canary, undefined] as const]) {
        const sourceFile = program.getSourceFile(file);
        if (sourceFile === undefined) throw new Error(`${file} is not in the program`);
        for (const diagnostic of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
          if (example === undefined) {
            canaryFailed = true;
            continue;
          }
          const { line } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
          problems.push(`${example.source}:${example.line + line}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
        }
      }
      expect(canaryFailed).toBe(true);
      expect(problems, "fix these examples, or mark one that cannot compile alone with <!-- not checked: reason -->").toEqual([]);
    } finally {
      scratch.remove();
    }
  }, 60_000);

  it("marks every skipped block with a reason", () => {
    for (const skipped of collectExamples().skipped) expect(skipped.reason, `${skipped.source}:${skipped.line}`).not.toBe("");
  });
});
