/**
 * Where a value of an exported document came from, so a document the official
 * schema refuses is reported at the manifest field (or package.json field) to fix,
 * with line and column, not at a file the user never wrote.
 */
import { type Diagnostic, UserError, sortDiagnostics } from "../diagnostics.js";
import { loadManifest } from "../load/load-manifest.js";
import type { ManifestModel } from "../model/types.js";
import type { SchemaProblem } from "./official-schemas.js";

/** A place in the manifest (by resolved JSON pointer) or a file shown as it is. */
export type Origin = { readonly manifest: string } | { readonly file: string; readonly pointer: string };

/** Exported document paths (JSON pointer prefixes) and where each came from. */
export type Origins = ReadonlyMap<string, Origin>;

function originOf(origins: Origins, instancePath: string): { readonly origin: Origin; readonly rest: string } | undefined {
  let best: string | undefined;
  for (const prefix of origins.keys()) {
    const matches = instancePath === prefix || instancePath.startsWith(`${prefix}/`) || prefix === "";
    if (matches && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  const origin = best === undefined ? undefined : origins.get(best);
  return origin === undefined || best === undefined ? undefined : { origin, rest: instancePath.slice(best.length) };
}

/**
 * Throws the located problems as a `UserError`. A problem with no origin is in
 * what turbomcp itself wrote: a bug, thrown as such.
 */
export function throwLocated(model: ManifestModel, cwd: string, what: string, problems: readonly (SchemaProblem & { readonly origins: Origins })[]): never {
  const loaded = loadManifest(model.manifestPath, cwd);
  const diagnostics: Diagnostic[] = problems.map((problem) => {
    const found = originOf(problem.origins, problem.instancePath);
    if (found === undefined) throw new Error(`${what} ${problem.instancePath}: ${problem.message} (no manifest field to report it at)`);
    const message = `${problem.message} (${what} ${problem.instancePath || "/"})`;
    if ("manifest" in found.origin) return loaded.sources.diagnostic(found.origin.manifest + found.rest, message, loaded.root.displayPath);
    return { file: found.origin.file, pointer: found.origin.pointer, message };
  });
  throw new UserError(sortDiagnostics(diagnostics));
}

/** A problem with one field the export needs, at that field of the manifest. */
export function manifestProblem(model: ManifestModel, cwd: string, pointer: string, message: string): UserError {
  const loaded = loadManifest(model.manifestPath, cwd);
  return new UserError([loaded.sources.diagnostic(pointer, message, loaded.root.displayPath)]);
}
