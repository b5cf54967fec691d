/**
 * `check` keeps its type-check state (TypeScript's incremental state and, with the
 * JavaScript engine, the memo of its last answer) under node_modules/.cache/turbomcp. Whatever the state holds, a
 * check must answer as a full one would: every change, in a file or in what module
 * resolution found, is seen; a torn state is ignored.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TYPECHECK_CACHE_DIR } from "../../packages/cli/src/check/typecheck-files.js";
import { routesForTypeCheck } from "../../packages/cli/src/check/typecheck-program.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const fixture = path.join(repoRoot, "test/golden/fixtures/everything");
const cacheDir = path.join(repoRoot, TYPECHECK_CACHE_DIR);
let scratch: Scratch;

beforeEach(async () => {
  scratch = scratchProject("check-state", fixture);
  rmSync(path.join(scratch.dir, "expected"), { recursive: true, force: true });
  // A tsconfig like `turbomcp init` writes: the runtime's published declarations, not its sources.
  writeFileSync(path.join(scratch.dir, "package.json"), '{ "type": "module" }\n');
  const init = JSON.parse(readFileSync(path.join(repoRoot, "packages/cli/templates/init/tsconfig.json.hbs"), "utf8")) as { compilerOptions: object };
  const { rootDir: _rootDir, ...options } = init.compilerOptions as { rootDir?: string };
  const tsconfig = { compilerOptions: options, include: ["app"] };
  writeFileSync(path.join(scratch.dir, "tsconfig.json"), `${JSON.stringify(tsconfig)}\n`);
  await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
});
afterEach(() => scratch.remove());

const file = (relative: string): string => path.join(scratch.dir, relative);
const edit = (relative: string, change: (text: string) => string): void => writeFileSync(file(relative), change(readFileSync(file(relative), "utf8")));
const check = (): ReturnType<typeof runCli> => runCli(["check", "manifest.json"], scratch.dir);
const handler = "app/handlers/tools/add.ts";

/** The cache's files now, by name. */
const cacheFiles = (): Set<string> => new Set(existsSync(cacheDir) ? readdirSync(cacheDir) : []);

describe.each(["native", "js"] as const)("check's type-check state (%s engine)", (engine) => {
  beforeEach(() => {
    if (engine === "js") process.env.TURBOMCP_TYPECHECK_ENGINE = "js";
  });
  afterEach(() => {
    delete process.env.TURBOMCP_TYPECHECK_ENGINE;
  });

  it("answers as a full check after each change, and the same again when nothing changed", { timeout: 180_000 }, async () => {
    expect(await check()).toMatchObject({ code: 0 });

    edit(handler, (text) => text.replace('throw notImplemented("tool", "add");', "return { sum: input.a + input.missing };"));
    const broken = await check();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/app\/handlers\/tools\/add\.ts:\d+:\d+ Property 'missing' does not exist on type 'AddInput'/);
    // Nothing changed: the remembered answer, the same as the full check's.
    expect(await check()).toEqual(broken);

    edit(handler, (text) => text.replace("input.a + input.missing", "input.a + input.b"));
    expect(await check()).toMatchObject({ code: 0 });
    expect(await check()).toMatchObject({ code: 0 });

    edit(handler, (text) => text.replace("input: AddInput", "input: { a: string }"));
    const mismatch = await check();
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(
      /app\/gen\/routes\.gen\.ts:\d+:\d+ the handler in app\/handlers\/tools\/add\.ts does not match the types generated from the manifest/,
    );
  });

  it("sees a module that appears where resolution found none, and a state that cannot be read", { timeout: 180_000 }, async () => {
    const before = cacheFiles();
    // Outside the tsconfig's "include" (so not a root file) in a folder that exists: only the probe for the file itself can tell that it appeared.
    mkdirSync(file("lib"), { recursive: true });
    writeFileSync(file("lib/other.ts"), "export const other = 1;\n");
    edit(
      handler,
      (text) => `import { twice } from "../../../lib/helper.js";\n${text.replace('throw notImplemented("tool", "add");', "return { sum: twice(input.a) };")}`,
    );
    const missing = await check();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Cannot find module '../../../lib/helper.js'");
    expect(await check()).toEqual(missing);

    writeFileSync(file("lib/helper.ts"), "export const twice = (value: number): number => value * 2;\n");
    expect(await check()).toMatchObject({ code: 0 });

    // This project's state: the files that were not there before.
    const written = [...cacheFiles()].filter((name) => !before.has(name));
    expect(written.some((name) => name.endsWith(`.${engine}.tsbuildinfo`))).toBe(true);
    // Only the JavaScript engine keeps a memo: the native compiler is fast enough without one.
    expect(written.some((name) => name.endsWith(".memo.json"))).toBe(engine === "js");
    for (const name of written) writeFileSync(path.join(cacheDir, name), "{ torn");
    writeFileSync(file("lib/helper.ts"), "export const twice = (value: number): string => String(value);\n");
    const wrongType = await check();
    expect(wrongType.code).toBe(1);
    expect(wrongType.stderr).toContain("Type 'string' is not assignable to type 'number'");
  });
});

describe("routesForTypeCheck", () => {
  const routes = readFileSync(path.join(repoRoot, "examples/everything/src/generated/routes.gen.ts"), "utf8");
  const view = routesForTypeCheck(routes);

  it("leaves out every definition and keeps every other line where it was", () => {
    const before = routes.split("\n");
    const after = view.split("\n");
    expect(after).toHaveLength(before.length);
    expect(view).not.toContain("inputSchema");
    expect(after.filter((line) => line === "      definition: undefined as never,")).toHaveLength(
      before.filter((line) => line === "      definition: {").length,
    );
    for (const [index, line] of after.entries()) if (line !== "" && !line.startsWith("      definition:")) expect(line).toBe(before[index]);
  });

  it("is not ended early by a schema's text", () => {
    const text = [
      "    toolRoute<A, B>({",
      "      definition: {",
      '        description: "      },",',
      "        inputSchema: {",
      "        },",
      "      },",
      "      handler: a,",
    ].join("\n");
    expect(routesForTypeCheck(text).split("\n")).toEqual([
      "    toolRoute<A, B>({",
      "      definition: undefined as never,",
      "",
      "",
      "",
      "",
      "      handler: a,",
    ]);
  });
});
