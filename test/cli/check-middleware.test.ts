/**
 * `generate` and `check` on a manifest with middleware (issue 19): custom middleware
 * stubs are created once and kept, reported unfilled by --strict and orphaned when
 * their definition goes; the type check names a stub that no longer exports a
 * Middleware; the generated middleware object is checked for drift like the rest.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const fixture = path.join(repoRoot, "test/golden/fixtures/middleware");
let scratch: Scratch;

beforeEach(async () => {
  scratch = scratchProject("check-middleware", fixture);
  rmSync(path.join(scratch.dir, "expected"), { recursive: true, force: true });
  expect((await runCli(["generate", "--quiet", "manifest.json"], scratch.dir)).code).toBe(0);
});
afterEach(() => scratch.remove());

const file = (relative: string): string => path.join(scratch.dir, relative);
const edit = (relative: string, change: (text: string) => string): void => writeFileSync(file(relative), change(readFileSync(file(relative), "utf8")));
const STUB = "src/handlers/middleware/tenant-rule.ts";

describe("check with manifest middleware", () => {
  it("passes after generate; --strict lists the custom middleware stubs with the handlers", { timeout: 120_000 }, async () => {
    expect(await runCli(["check", "manifest.json"], scratch.dir)).toMatchObject({ code: 0 });
    const strict = await runCli(["check", "--strict", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`  ${STUB}\n`);
    expect(strict.stderr).toContain("  src/handlers/middleware/to-string.ts\n");
  });

  it("keeps a filled stub when generating again, and --strict no longer lists it", async () => {
    edit(STUB, (text) => text.replace('throw notImplemented("middleware", "tenant-rule");', "return next();"));
    const again = await runCli(["generate", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(again.code).toBe(0);
    expect(readFileSync(file(STUB), "utf8")).toContain("return next();");
    const strict = await runCli(["check", "--strict", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(strict.stderr).not.toContain(STUB);
    expect(strict.stderr).toContain("  src/handlers/middleware/to-string.ts\n");
  });

  it("reports a custom stub that lost its export, and one whose export is not a Middleware", { timeout: 120_000 }, async () => {
    edit(STUB, (text) => text.replace("export const tenantRule: Middleware", "export const tenantRules: Middleware"));
    const lost = await runCli(["check", "manifest.json"], scratch.dir);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/src\/generated\/routes\.gen\.ts:\d+:\d+ .*has no exported member (named )?'tenantRule'/);

    edit(STUB, () => "export const tenantRule = (name: string): string => name;\n");
    const wrong = await runCli(["check", "manifest.json"], scratch.dir);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(new RegExp(`src/generated/routes\\.gen\\.ts:\\d+:\\d+ the middleware in ${STUB.replace(/\./g, "\\.")} is not a Middleware: `));
  });

  it("reports a removed definition's stub as an orphan, and a stale middleware object", async () => {
    edit("manifest.json", (text) => text.replace('"toString": { "use": "custom" },', "").replace(', "toString"]', "]"));
    const stale = await runCli(["check", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("  src/generated/routes.gen.ts\n");
    expect(stale.stderr).toContain("-  toString: toStringMiddleware,");
    const regenerated = await runCli(["generate", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(regenerated.code).toBe(0);
    expect(regenerated.stderr).toContain("src/handlers/middleware/to-string.ts");
    const orphan = await runCli(["check", "--no-typecheck", "manifest.json"], scratch.dir);
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toContain("Orphan handlers (no manifest entry; delete them or add the entry back):\n  src/handlers/middleware/to-string.ts\n");
  });
});
