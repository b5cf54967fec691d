/**
 * The invalid half of the manifest corpus (issue 16): for every manifest under
 * test/corpus/invalid, `generate` and `check` exit 1 and print exactly the
 * problems in its expected.txt, each located (`file:line:col`), with no stack
 * trace and no "internal error". After an intended change to the messages:
 *
 *   UPDATE_CORPUS=1 npx vitest run test/corpus/invalid.test.ts
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const casesDir = path.join(repoRoot, "test/corpus/invalid");
const cases = readdirSync(casesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const update = process.env.UPDATE_CORPUS === "1";

/** `file:line:col` then a pointer or nothing; a pointer may hold spaces (a tenant id). */
const LOCATED = /^[^\s:]+:\d+:\d+(:| \/)/;
const SUMMARY = /^turbomcp: \d+ problems? found$/;

describe("the invalid corpus", () => {
  it("has at least 20 cases, each with a line in README.md", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const listed = [...readFileSync(path.join(casesDir, "README.md"), "utf8").matchAll(/^- `([^`]+)`: /gm)].map((match) => match[1]);
    expect(listed).toEqual(cases);
  });

  describe.each(cases)("%s", (name) => {
    let scratch: Scratch | undefined;
    afterEach(() => scratch?.remove());

    it("exits 1 with every problem located, as expected.txt says", async () => {
      scratch = scratchProject(`corpus-invalid-${name}`, path.join(casesDir, name));
      const generated = await runCli(["generate", "manifest.json"], scratch.dir);
      const expectedFile = path.join(casesDir, name, "expected.txt");
      if (update) writeFileSync(expectedFile, generated.stderr);
      expect(generated.code).toBe(1);
      expect(generated.stdout).toBe("");
      expect(generated.stderr).not.toMatch(/^ {4}at /m);
      expect(generated.stderr).not.toContain("internal error");
      const lines = generated.stderr.trimEnd().split("\n");
      expect(lines.at(-1)).toMatch(SUMMARY);
      for (const line of lines.slice(0, -1)) expect(line).toMatch(LOCATED);
      expect(existsSync(expectedFile), `${name}/expected.txt (UPDATE_CORPUS=1 writes it)`).toBe(true);
      expect(generated.stderr).toBe(readFileSync(expectedFile, "utf8"));
      // `check` loads and validates the same way, and must say the same.
      const checked = await runCli(["check", "manifest.json"], scratch.dir);
      expect(checked.code).toBe(1);
      expect(checked.stderr).toBe(generated.stderr);
    }, 30_000);
  });
});
