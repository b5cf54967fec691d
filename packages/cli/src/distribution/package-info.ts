/**
 * The project's package.json, as far as the distribution formats need it: the
 * npm name and exact version a registry entry or `npx` names, and whether the
 * package has a `bin` for `npx` to start.
 */
import path from "node:path";
import { UserError } from "../diagnostics.js";
import { readIfExists } from "../plan/disk.js";
import type { ManifestModel } from "../model/types.js";

export interface ProjectPackage {
  /** package.json relative to the working directory, for messages. */
  readonly file: string;
  readonly name: string;
  readonly version: string;
  readonly hasBin: boolean;
  readonly private: boolean;
  /** `author` as an object, parsed from npm's `"Name <email> (url)"` string form when written so. */
  readonly author?: { readonly name: string; readonly email?: string; readonly url?: string };
  readonly license?: string;
}

/** npm's two forms of `author`; undefined when absent or nameless. */
function authorOf(value: unknown): ProjectPackage["author"] {
  if (typeof value === "string") {
    const match = /^([^<(]+?)\s*(?:<([^>]*)>)?\s*(?:\(([^)]*)\))?\s*$/.exec(value);
    const name = match?.[1]?.trim();
    if (match === null || name === undefined || name === "") return undefined;
    return { name, ...(match[2] === undefined ? {} : { email: match[2] }), ...(match[3] === undefined ? {} : { url: match[3] }) };
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { name, email, url } = value as Readonly<Record<string, unknown>>;
  if (typeof name !== "string" || name === "") return undefined;
  return { name, ...(typeof email === "string" ? { email } : {}), ...(typeof url === "string" ? { url } : {}) };
}

/** Reads the package.json beside the manifest; a missing or unusable one is the user's to fix, located. */
export function readProjectPackage(model: ManifestModel, cwd: string): ProjectPackage {
  const absolute = path.join(model.baseDir, "package.json");
  const file = path.relative(cwd, absolute).split(path.sep).join("/");
  const text = readIfExists(absolute);
  if (text === undefined) throw new UserError([{ file, pointer: "", message: "not found: the npm package is named by the package.json beside the manifest" }]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError([{ file, pointer: "", message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
  const record = typeof json === "object" && json !== null ? (json as Readonly<Record<string, unknown>>) : {};
  const { name, version } = record;
  const problems = [
    ...(typeof name === "string" && name !== "" ? [] : [{ file, pointer: "/name", message: "must be the npm package name" }]),
    ...(typeof version === "string" && version !== "" ? [] : [{ file, pointer: "/version", message: "must be the package's exact version" }]),
  ];
  if (problems.length > 0 || typeof name !== "string" || typeof version !== "string") throw new UserError(problems);
  const author = authorOf(record["author"]);
  const license = record["license"];
  return {
    file,
    name,
    version,
    hasBin: record["bin"] !== undefined,
    private: record["private"] === true,
    ...(author === undefined ? {} : { author }),
    ...(typeof license === "string" ? { license } : {}),
  };
}
