/**
 * The first test `turbomcp init` writes (test/greet.test.ts, on the generated typed
 * client in process) passes with the project's own `npm test`. No install: the
 * project lives under the repository's `.tmp/`, so its imports (vitest, the SDK,
 * `@turbomcp/runtime` as the workspace links it) resolve to this checkout's
 * node_modules, as they would to the project's own after `npm install`. The
 * runtime resolves to its built dist/ there, so it is built first.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { exec } from "../helpers/exec.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let scratch: Scratch;

beforeAll(async () => {
  await exec(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "packages/runtime/tsconfig.build.json"], {
    cwd: repoRoot,
    timeoutMs: 120_000,
  });
  scratch = scratchProject("init-test");
}, 150_000);

afterAll(() => scratch.remove());

it("an init project's first test passes with npm test", async () => {
  const init = await runCli(["init", "my-server"], scratch.dir);
  expect(init.code).toBe(0);
  const project = path.join(scratch.dir, "my-server");
  const pkg = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  expect(pkg.scripts.test).toBe("vitest run");
  expect(pkg.devDependencies.vitest).toMatch(/^4\.\d+\.\d+$/);
  // The client's SDK is for development only: a production install leaves it out.
  expect(Object.keys(pkg.devDependencies)).toContain("@modelcontextprotocol/sdk");
  expect(Object.keys(pkg.dependencies)).toEqual(["@turbomcp/runtime"]);

  // The generated client type-checks with the project's own tsconfig.
  expect(await runCli(["check", "manifest.json"], project)).toMatchObject({ code: 0 });
  const result = await exec(npm, ["test"], { cwd: project, timeoutMs: 120_000, env: { ...process.env, CI: "1", NO_COLOR: "1" } });
  expect(result.stdout).toMatch(/Tests\s+2 passed \(2\)/);
}, 240_000);
