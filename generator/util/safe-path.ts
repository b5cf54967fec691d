/**
 * The one path-safety guard: every file the generator reads or writes for a
 * manifest entry goes through `resolveInside`, so no name can reach outside the
 * project folder.
 */
import path from "node:path";

/** Whether `candidate` is `folder` itself or inside it. */
export function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** Resolves a planned relative path under `baseDir`, refusing anything that escapes it. */
export function resolveInside(baseDir: string, relativePath: string): string {
  const absolute = path.resolve(baseDir, relativePath);
  if (path.isAbsolute(relativePath) || !isInside(baseDir, absolute) || absolute === baseDir) {
    throw new Error(`refusing to touch "${relativePath}": it is outside ${baseDir}`);
  }
  return absolute;
}
