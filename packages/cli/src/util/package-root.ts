/**
 * Finds files shipped with turbomcp (schemas, templates) from the sources and from
 * the built `dist/` alike.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

export function packageRoot(): string {
  if (root === undefined) {
    let directory = path.dirname(fileURLToPath(import.meta.url));
    while (!existsSync(path.join(directory, "schemas", "manifest.schema.json"))) {
      const parent = path.dirname(directory);
      if (parent === directory) throw new Error("cannot find the turbomcp package root");
      directory = parent;
    }
    root = directory;
  }
  return root;
}

export function packagePath(relative: string): string {
  return path.join(packageRoot(), relative);
}
