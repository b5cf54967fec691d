/**
 * Stage 1 of the pipeline: read the manifest and every file it references, with
 * positions, and inline the references.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Diagnostic, UserError, sortDiagnostics } from "../diagnostics.js";
import { JsonDocument } from "./json-document.js";
import { type ResolvedManifest, resolveRefs } from "./resolve-refs.js";

export interface LoadedManifest extends ResolvedManifest {
  readonly root: JsonDocument;
}

/** Paths are shown relative to `cwd`, and with forward slashes on every OS. */
export function displayPathOf(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative === "" || relative.startsWith("..") ? absolutePath : relative).split(path.sep).join("/");
}

/** A folder as shown in messages: `./`, `examples/weather/`, `/abs/path/`. */
function folderDisplayPath(absolutePath: string, cwd: string): string {
  return path.relative(cwd, absolutePath) === "" ? "./" : path.posix.join(displayPathOf(absolutePath, cwd), "/");
}

export function loadManifest(manifestPath: string, cwd = process.cwd()): LoadedManifest {
  const cache = new Map<string, JsonDocument | Diagnostic[] | undefined>();
  const load = (absolutePath: string): JsonDocument | Diagnostic[] | undefined => {
    if (!cache.has(absolutePath)) {
      let text: string | undefined;
      try {
        text = readFileSync(absolutePath, "utf8");
      } catch {
        text = undefined;
      }
      cache.set(absolutePath, text === undefined ? undefined : JsonDocument.parse(absolutePath, displayPathOf(absolutePath, cwd), text));
    }
    return cache.get(absolutePath);
  };

  const absolute = path.resolve(cwd, manifestPath);
  const root = load(absolute);
  if (root === undefined) {
    throw new UserError([{ file: displayPathOf(absolute, cwd), pointer: "", message: "cannot read the manifest file" }]);
  }
  // Sorted like every other stage's problems: duplicate keys are found depth-first, not in line order.
  if (Array.isArray(root)) throw new UserError(sortDiagnostics(root));
  const projectDir = path.dirname(absolute);
  // Unresolved references are reported with what the next stage finds (see ResolvedManifest.unresolved).
  return { ...resolveRefs(root, load, { absolutePath: projectDir, displayPath: folderDisplayPath(projectDir, cwd) }), root };
}
