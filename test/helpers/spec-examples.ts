/**
 * The specification's example messages (`../shared/spec/<version>/examples/<Type>/<name>.json`,
 * beside the repository): one folder per schema type, each file one example of it.
 * Read as text too, so a test can send an example as the exact bytes the spec shows.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { specDir } from "./spec-schemas.js";

export interface SpecExample {
  /** `<Type>/<name>.json`, relative to the examples folder. */
  readonly file: string;
  /** The schema type the example is an instance of (its folder's name). */
  readonly type: string;
  readonly text: string;
  readonly value: Readonly<Record<string, unknown>>;
}

function examplesDir(version: string): string {
  const dir = path.join(specDir, version, "examples");
  if (!existsSync(dir)) throw new Error(`the MCP spec examples are missing: expected ${dir} (shared/ beside the repository)`);
  return dir;
}

/** Every example file of `version`, as `<Type>/<name>.json`, sorted. */
export function specExampleFiles(version: string): string[] {
  const dir = examplesDir(version);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((folder) => readdirSync(path.join(dir, folder.name)).map((name) => `${folder.name}/${name}`))
    .filter((file) => file.endsWith(".json"))
    .sort();
}

export function readSpecExample(version: string, file: string): SpecExample {
  const text = readFileSync(path.join(examplesDir(version), file), "utf8");
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${file} is not a JSON object`);
  return { file, type: file.slice(0, file.indexOf("/")), text, value: value as Record<string, unknown> };
}
