/**
 * `check --json` owns stdout: every outcome (in sync, drifted, stubs left with
 * --strict, a manifest that does not even load) is exactly one JSON document there,
 * with the usual exit code. Regression: a broken manifest used to print nothing on
 * stdout, so CI tools parsing it got an empty string.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const fixture = path.join(repoRoot, "test/golden/fixtures/everything");
let scratch: Scratch;

beforeEach(() => {
  scratch = scratchProject("check-json", fixture);
  rmSync(path.join(scratch.dir, "expected"), { recursive: true, force: true });
});
afterEach(() => scratch.remove());

const file = (relative: string): string => path.join(scratch.dir, relative);
const edit = (relative: string, change: (text: string) => string): void => writeFileSync(file(relative), change(readFileSync(file(relative), "utf8")));

interface Problem {
  file: string;
  pointer: string;
  line?: number;
  column?: number;
  message: string;
}
interface CheckJson {
  status: string;
  inSync: boolean;
  exitCode: number;
  manifest: string;
  problems: Problem[];
  error?: string;
  stale?: { path: string }[];
  notImplemented?: string[];
}

/** Runs `check --json` and parses stdout, which must be one JSON document and nothing else. */
async function checkJson(args: readonly string[]): Promise<{ code: number; report: CheckJson; stderr: string }> {
  const result = await runCli(["check", "--json", "--no-typecheck", ...args], scratch.dir);
  expect(result.stdout.endsWith("}\n")).toBe(true);
  return { code: result.code, report: JSON.parse(result.stdout) as CheckJson, stderr: result.stderr };
}

describe("turbomcp check --json with a manifest that does not load", () => {
  it("reports a JSON syntax error with its file and line:column, exit 1, nothing on stderr", async () => {
    edit("manifest.json", (text) => text.replace('"name": "add",', '"name": "add",,'));
    const { code, report, stderr } = await checkJson(["manifest.json"]);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(report).toMatchObject({ status: "invalid-manifest", inSync: false, exitCode: 1, manifest: "manifest.json" });
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems[0]).toMatchObject({ file: "manifest.json", line: 15 });
    expect(report.problems[0]?.column).toBeTypeOf("number");
    expect(report).not.toHaveProperty("stale");
  });

  it("reports schema problems with their JSON pointer and position", async () => {
    edit("manifest.json", (text) => text.replace('"name": "add",', '"name": 42,'));
    const { code, report } = await checkJson(["manifest.json"]);
    expect(code).toBe(1);
    expect(report.status).toBe("invalid-manifest");
    const problem = report.problems.find((entry) => entry.pointer === "/tools/0/name");
    expect(problem).toMatchObject({ file: "manifest.json", line: 15, column: expect.any(Number) as number, message: expect.any(String) as string });
  });

  it("reports a manifest file that does not exist", async () => {
    const { code, report } = await checkJson(["nowhere.json"]);
    expect(code).toBe(1);
    expect(report).toMatchObject({
      status: "invalid-manifest",
      manifest: "nowhere.json",
      problems: [{ file: "nowhere.json", pointer: "", message: "cannot read the manifest file" }],
    });
  });
});

describe("turbomcp check --json on a loaded manifest", () => {
  beforeEach(async () => {
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
  });

  it("reports in sync with exit 0", async () => {
    const { code, report, stderr } = await checkJson(["manifest.json"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(report).toMatchObject({ status: "in-sync", inSync: true, exitCode: 0, manifest: "manifest.json", problems: [], stale: [], notImplemented: [] });
  });

  it("reports drift with exit 1", async () => {
    edit("app/gen/routes.gen.ts", (text) => text.replace('name: "everything"', 'name: "edited"'));
    const { code, report } = await checkJson(["manifest.json"]);
    expect(code).toBe(1);
    expect(report).toMatchObject({ status: "drifted", inSync: false, exitCode: 1 });
    expect(report.stale?.map((entry) => entry.path)).toContain("app/gen/routes.gen.ts");
  });

  it("reports unfilled stubs under --strict as not-implemented, not as drift", async () => {
    const { code, report } = await checkJson(["--strict", "manifest.json"]);
    expect(code).toBe(1);
    expect(report).toMatchObject({ status: "not-implemented", inSync: false, exitCode: 1, stale: [] });
    expect(report.notImplemented).toContain("app/handlers/tools/add.ts");
  });

  it("reports a failure turbomcp did not expect as internal-error with exit 2, the stack on stderr", async () => {
    // A directory where a generated file should be: reading it fails with EISDIR, which no user-error path handles.
    rmSync(file("app/gen/routes.gen.ts"));
    mkdirSync(file("app/gen/routes.gen.ts"));
    const { code, report, stderr } = await checkJson(["manifest.json"]);
    expect(code).toBe(2);
    expect(report).toMatchObject({ status: "internal-error", inSync: false, exitCode: 2, manifest: "manifest.json", problems: [] });
    expect(report.error).toContain("EISDIR");
    expect(stderr).toContain("turbomcp: internal error, please report it:\nError: EISDIR");
  });
});

describe("turbomcp check --strict in text mode", () => {
  it("says the project is in sync but its stubs are not implemented, exit 1", async () => {
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    const result = await runCli(["check", "--strict", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Handlers not implemented yet (--strict):\n  app/handlers/tools/add.ts\n");
    expect(result.stderr).not.toContain("drifted apart");
    expect(result.stderr).toMatch(/\nturbomcp: manifest\.json and the code are in sync, but \d+ handlers are not implemented yet \(--strict\)\n$/);
  });

  it("still says drifted when there is drift besides the stubs", async () => {
    await runCli(["generate", "--quiet", "manifest.json"], scratch.dir);
    rmSync(file("app/handlers/prompts/hello.ts"));
    const result = await runCli(["check", "--strict", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\nturbomcp: manifest\.json and the code have drifted apart\n$/);
  });
});
