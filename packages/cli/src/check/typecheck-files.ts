/**
 * Where `check`'s type check finds the project's tsconfig and keeps its state
 * (node_modules/.cache/turbomcp), for both compilers (typecheck-engine.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { ManifestModel } from "../model/types.js";

/** Where the state lives, below the project's node_modules (the usual home of tool caches). */
export const TYPECHECK_CACHE_DIR = path.join("node_modules", ".cache", "turbomcp");

/** The nearest tsconfig.json at or above the manifest's folder. */
export function findTsconfig(startDir: string): string | undefined {
  return findUpwards(startDir, "tsconfig.json");
}

function findUpwards(startDir: string, name: string): string | undefined {
  let directory = startDir;
  for (;;) {
    const candidate = path.join(directory, name);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * The state file for this project: one per manifest folder and tsconfig, so two
 * servers in one repository never share (and keep invalidating) one state. None
 * when there is no node_modules to hold it. The native compiler and the
 * JavaScript one keep states of different formats, so each has its own suffix.
 */
export function stateFile(model: ManifestModel, tsconfig: string | undefined, engine: "native" | "js"): string | undefined {
  const modules = findUpwards(model.baseDir, "node_modules");
  if (modules === undefined) return undefined;
  const key = createHash("sha256")
    .update(`${path.resolve(model.baseDir)}\0${tsconfig ?? ""}`)
    .digest("hex")
    .slice(0, 16);
  return path.join(path.dirname(modules), TYPECHECK_CACHE_DIR, `check-${key}.${engine}.tsbuildinfo`);
}

/** States of checks not run for a week, or beyond the newest MAX_STATES, are deleted when a state is written. */
const STATE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_STATES = 64;

/** Keeps the cache from growing without bound (each manifest folder that was ever checked has its state). */
export function pruneStates(directory: string): void {
  try {
    pruneStatesIn(directory);
  } catch {
    // Another check pruning at the same time; the next write tries again.
  }
}

function pruneStatesIn(directory: string): void {
  const now = Date.now();
  const byKey = new Map<string, { readonly files: string[]; newest: number }>();
  for (const name of readdirSync(directory)) {
    const key = /^check-([0-9a-f]+)\./.exec(name)?.[1];
    if (key === undefined) continue;
    const file = path.join(directory, name);
    const entry = byKey.get(key) ?? { files: [], newest: 0 };
    entry.files.push(file);
    entry.newest = Math.max(entry.newest, statSync(file).mtimeMs);
    byKey.set(key, entry);
  }
  const states = [...byKey.values()].sort((a, b) => b.newest - a.newest);
  for (const [index, state] of states.entries()) {
    if (index < MAX_STATES && now - state.newest < STATE_LIFETIME_MS) continue;
    for (const file of state.files) rmSync(file, { force: true });
  }
}

/**
 * The compiler options of a project without a tsconfig, as a tsconfig would write
 * them: the one definition both engines read (as command-line flags, or converted
 * by the compiler API).
 */
export const FALLBACK_COMPILER_OPTIONS: Readonly<Record<string, string | boolean>> = {
  strict: true,
  module: "nodenext",
  moduleResolution: "nodenext",
  target: "es2022",
  skipLibCheck: true,
};
