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
    // "" is the document itself (a missing member): it covers nothing below it, so a problem in what turbomcp wrote stays a bug.
    const matches = instancePath === prefix || (prefix !== "" && instancePath.startsWith(`${prefix}/`));
    if (matches && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  const origin = best === undefined ? undefined : origins.get(best);
  return origin === undefined || best === undefined ? undefined : { origin, rest: instancePath.slice(best.length) };
}

/**
 * Throws the located problems as a `UserError`. A problem with no origin is in
 * what turbomcp itself wrote: a bug, thrown as such.
 */
function throwLocated(model: ManifestModel, cwd: string, what: string, problems: readonly SchemaProblem[], origins: Origins): never {
  const loaded = loadManifest(model.manifestPath, cwd);
  const diagnostics: Diagnostic[] = problems.map((problem) => {
    const found = originOf(origins, problem.instancePath);
    if (found === undefined) throw new Error(`${what} ${problem.instancePath}: ${problem.message} (no manifest field to report it at)`);
    const message = `${problem.message} (${what} ${problem.instancePath || "/"})`;
    if ("manifest" in found.origin) return loaded.sources.diagnostic(found.origin.manifest + found.rest, message, loaded.root.displayPath);
    return { file: found.origin.file, pointer: found.origin.pointer, message };
  });
  throw new UserError(sortDiagnostics(diagnostics));
}

/** Returns when a document's schema found nothing; throws the located problems otherwise. */
export function assertNoProblems(model: ManifestModel, cwd: string, what: string, problems: readonly SchemaProblem[], origins: Origins): void {
  if (problems.length > 0) throwLocated(model, cwd, what, problems, origins);
}

/** A problem with one field the export needs, at that field of the manifest. */
export function manifestProblem(model: ManifestModel, cwd: string, pointer: string, message: string): UserError {
  const loaded = loadManifest(model.manifestPath, cwd);
  return new UserError([loaded.sources.diagnostic(pointer, message, loaded.root.displayPath)]);
}

/**
 * Origins of the members an exported document copies from the manifest's `server`
 * block, e.g. `{ "/title": "title", "/homepage": "websiteUrl" }`; a problem with the
 * whole document (a missing member) is reported at the block.
 */
export function serverOrigins(members: Readonly<Record<string, string>>): [string, Origin][] {
  return [["", { manifest: "/server" }], ...Object.entries(members).map(([member, field]): [string, Origin] => [member, { manifest: `/server/${field}` }])];
}

/** The identity members the registry's server.json and the Server Card share, under the manifest's own names. */
export const IDENTITY_MEMBERS: Readonly<Record<string, string>> = {
  "/title": "title",
  "/description": "description",
  "/version": "version",
  "/websiteUrl": "websiteUrl",
  "/icons": "icons",
};
