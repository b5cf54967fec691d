/**
 * Scratch projects inside the repository (`.tmp/`, git-ignored), so generated code
 * resolves `@turbomcp/runtime` to this checkout through the package's self-reference.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Scratch {
  readonly dir: string;
  remove(): void;
}

/** A new folder under `.tmp/`, optionally seeded with a copy of `from`, with a tsconfig that extends the repo's. */
export function scratchProject(prefix: string, from?: string): Scratch {
  const base = path.join(repoRoot, ".tmp");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, `${prefix}-`));
  if (from !== undefined) cpSync(from, dir, { recursive: true });
  writeFileSync(path.join(dir, "tsconfig.json"), `${JSON.stringify({ extends: path.join(repoRoot, "tsconfig.json"), include: ["**/*.ts"] })}\n`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
