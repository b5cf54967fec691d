/**
 * Golden tests: each fixture manifest is generated and every output file is
 * compared byte for byte with the committed copy in `expected/`. The generated
 * project must also type-check. Regenerate the goldens after an intended change:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden
 */
import { cpSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { typecheckProject } from "../../packages/cli/src/check/typecheck.js";
import { buildModel } from "../../packages/cli/src/pipeline.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const fixturesDir = path.join(repoRoot, "test/golden/fixtures");
const fixtures = readdirSync(fixturesDir);
const update = process.env.UPDATE_GOLDEN === "1";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

describe.each(fixtures)("golden: %s", (fixture) => {
  let scratch: Scratch | undefined;
  afterEach(() => scratch?.remove());

  it("generates exactly the committed files, which type-check", async () => {
    const source = path.join(fixturesDir, fixture);
    scratch = scratchProject(`golden-${fixture}`, source);
    rmSync(path.join(scratch.dir, "expected"), { recursive: true, force: true });
    const before = new Set(filesUnder(scratch.dir));
    const result = await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const produced = filesUnder(scratch.dir).filter((file) => !before.has(file));
    const expectedDir = path.join(source, "expected");
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const file of produced) cpSync(path.join(scratch.dir, file), path.join(expectedDir, file));
    }
    expect(produced).toEqual(filesUnder(expectedDir));
    for (const file of produced) {
      expect(readFileSync(path.join(scratch.dir, file), "utf8"), file).toBe(readFileSync(path.join(expectedDir, file), "utf8"));
    }
    expect(await typecheckProject(await buildModel("manifest.json", scratch.dir))).toEqual([]);
    // A generate and a whole-project type check: ~20 s alone, more beside another test file on a 2-core machine.
  }, 120_000);
});
