/**
 * The exported files a manifest keeps in its project (`distribution.serverJson`,
 * `distribution.serverCard`): `turbomcp export` writes them there and
 * `turbomcp check` holds them to a fresh export, like generated code.
 */
import path from "node:path";
import type { ManifestModel } from "../model/types.js";
import { locateInside } from "../util/safe-path.js";
import { manifestProblem } from "./locate.js";
import { readProjectPackage } from "./package-info.js";
import { registryServerJson } from "./registry-server-json.js";
import { serverCard } from "./server-card.js";

export type ExportKind = "registry" | "card";

/** The manifest field naming each kind's file, and the command that writes it. */
const KINDS: Readonly<Record<ExportKind, { readonly field: "serverJson" | "serverCard"; readonly command: string }>> = {
  registry: { field: "serverJson", command: "turbomcp export registry" },
  card: { field: "serverCard", command: "turbomcp export card" },
};

export interface ExportOptions {
  /** The Streamable HTTP endpoint; `distribution.remoteUrl` when absent. */
  readonly url?: string;
}

export interface KeptExport {
  readonly kind: ExportKind;
  /** Relative to the manifest's folder, forward slashes. */
  readonly path: string;
  readonly command: string;
}

/** JSON as every export writes it: two-space indents, a final newline, keys in the order the builders set. */
function serialise(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A fresh export of `kind`, as the file's text. */
export function exportText(kind: ExportKind, model: ManifestModel, options: ExportOptions, cwd: string): string {
  if (kind === "card") return serialise(serverCard(model, options, cwd));
  return serialise(registryServerJson(model, readProjectPackage(model, cwd), options, cwd));
}

/** Where the manifest keeps `kind`'s file; undefined when it keeps none. A path leading out of the project is refused, located. */
export function keptPath(kind: ExportKind, model: ManifestModel, cwd: string): string | undefined {
  const field = KINDS[kind].field;
  const relative = model.distribution?.[field];
  if (relative === undefined) return undefined;
  const inside = !path.isAbsolute(relative) && locateInside(model.baseDir, path.resolve(model.baseDir, relative)) !== "outside";
  if (!inside || path.resolve(model.baseDir, relative) === model.baseDir) {
    throw manifestProblem(model, cwd, `/distribution/${field}`, "must be a file path inside the manifest's folder");
  }
  return path.posix.normalize(relative.split(path.sep).join("/"));
}

/** Every exported file the manifest keeps, in a fixed order. */
export function keptExports(model: ManifestModel, cwd: string): readonly KeptExport[] {
  return (Object.keys(KINDS) as ExportKind[]).flatMap((kind) => {
    const kept = keptPath(kind, model, cwd);
    return kept === undefined ? [] : [{ kind, path: kept, command: KINDS[kind].command }];
  });
}
